/**
 * The bearer token of this browser tab. Demo sign-in stores it; a host CRM hands it over with
 * `?token=` in the URL or `postMessage({ type: 'crm-timeline:token', token })` (see README).
 */
const KEY = 'crm-timeline.token';
const PERSONA_KEY = 'crm-timeline.persona';
const REASON_KEY = 'crm-timeline.signout-reason';

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

/**
 * Web storage with an in-memory copy: a framed app (the postMessage hand-off) on another site than
 * its host may be denied storage (third-party storage blocked: reading `localStorage` throws), and
 * must still work for the life of the tab.
 */
const memory = new Map<string, string>();
function storages(): Storage[] {
  const out: Storage[] = [];
  for (const pick of [() => window.sessionStorage, () => window.localStorage]) {
    try {
      out.push(pick());
    } catch {
      // denied in this context: the in-memory copy stands in
    }
  }
  return out;
}
function read(key: string): string | null {
  if (memory.has(key)) return memory.get(key) ?? null;
  for (const s of storages()) {
    const v = s.getItem(key);
    if (v !== null) return v;
  }
  return null;
}
function safeLocal(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
function write(key: string, value: string | null, where: 'both' | 'local' | 'session' = 'both'): void {
  if (value === null) memory.delete(key);
  else memory.set(key, value);
  for (const s of storages()) {
    const isLocal = s === safeLocal();
    if ((where === 'local' && !isLocal) || (where === 'session' && isLocal)) continue;
    try {
      if (value === null) s.removeItem(key);
      else s.setItem(key, value);
    } catch {
      // quota or access denied: the in-memory copy stands in
    }
  }
}

export function getToken(): string | null {
  return read(KEY);
}

/**
 * Stores the tab's token. With a persona it is a demo session, renewed with that persona when the
 * token expires; without one (a host hand-off) any earlier persona is forgotten, so an expired
 * hand-off token is never silently replaced by a demo identity.
 */
export function setToken(token: string, persona?: Persona): void {
  write(KEY, token);
  write(PERSONA_KEY, persona ? JSON.stringify(persona) : null, 'local');
  for (const l of listeners) l();
}

export function clearToken(reason?: 'expired'): void {
  write(KEY, null);
  write(PERSONA_KEY, null);
  if (reason) write(REASON_KEY, reason, 'session');
  for (const l of listeners) l();
}

/** Why the last session ended ('expired'), read once. */
export function takeSignOutReason(): string | null {
  const r = read(REASON_KEY);
  write(REASON_KEY, null);
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
  const raw = read(PERSONA_KEY);
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
  // Only the embedding window may hand over a token: any other window (a frame inside the app, a
  // popup, the app itself) could otherwise sign the tab in as someone else.
  if (window.parent === window) return;
  window.addEventListener('message', (e: MessageEvent) => {
    if (e.source !== window.parent) return;
    const data = e.data as { type?: string; token?: string } | null;
    if (data?.type === 'crm-timeline:token' && typeof data.token === 'string') setToken(data.token);
  });
  window.parent.postMessage({ type: 'crm-timeline:ready' }, '*');
}
