/**
 * The bearer token of this browser tab. Demo sign-in stores it; a host CRM hands it over with
 * `?token=` in the URL or `postMessage({ type: 'crm-timeline:token', token })` (see README).
 */
const KEY = 'crm-timeline.token';
const PERSONA_KEY = 'crm-timeline.persona';

export interface Persona {
  user_id: string;
  name: string;
  email: string | null;
  role: string;
  team_id: string | null;
  team_name: string | null;
}

type Listener = () => void;
const listeners = new Set<Listener>();

export function getToken(): string | null {
  return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
}

export function setToken(token: string, persona?: Persona): void {
  localStorage.setItem(KEY, token);
  sessionStorage.setItem(KEY, token);
  if (persona) localStorage.setItem(PERSONA_KEY, JSON.stringify(persona));
  for (const l of listeners) l();
}

export function clearToken(reason?: 'expired'): void {
  localStorage.removeItem(KEY);
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(PERSONA_KEY);
  if (reason) sessionStorage.setItem('crm-timeline.signout-reason', reason);
  for (const l of listeners) l();
}

/** Why the last session ended ('expired'), read once. */
export function takeSignOutReason(): string | null {
  const r = sessionStorage.getItem('crm-timeline.signout-reason');
  sessionStorage.removeItem('crm-timeline.signout-reason');
  return r;
}

export function onTokenChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Claims of the stored token (unverified: for display only; the server checks it). */
export function getClaims(): { sub?: string; role?: string; team_id?: string | null; exp?: number } | null {
  const token = getToken();
  const part = token?.split('.')[1];
  if (!part) return null;
  try {
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return null;
  }
}

export function getPersona(): Persona | null {
  const raw = localStorage.getItem(PERSONA_KEY);
  return raw ? (JSON.parse(raw) as Persona) : null;
}

/** Takes a token from `?token=` (then removes it from the address bar) or a host postMessage. */
export function acceptHandOff(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    setToken(token);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  window.addEventListener('message', (e: MessageEvent) => {
    const data = e.data as { type?: string; token?: string } | null;
    if (data?.type === 'crm-timeline:token' && typeof data.token === 'string') setToken(data.token);
  });
  if (window.parent !== window) window.parent.postMessage({ type: 'crm-timeline:ready' }, '*');
}
