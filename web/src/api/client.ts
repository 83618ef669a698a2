/**
 * fetch for the API: adds the bearer token, turns problem+json into ApiError. On a 401 a demo
 * session (the persona is known) is signed in again and the request retried once; any other
 * session is signed out (a host CRM hands over a new token).
 */
import { clearToken, getPersona, getToken, setToken } from './session.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export type Query = Record<
  string,
  string | number | boolean | readonly (string | number)[] | undefined | null
>;

/** Builds `?a=1&type=call,email` (lists comma-separated, empty values left out). */
export function toSearch(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function apiFetch<T>(
  path: string,
  init: {
    query?: Query;
    method?: string;
    body?: unknown;
    signal?: AbortSignal;
    headers?: Record<string, string>;
  } = {},
): Promise<T> {
  return send<T>(path, init, true);
}

type Init = Parameters<typeof apiFetch>[1];

/** The demo session being renewed, shared by every request that met the 401 meanwhile. */
let renewing: Promise<string | null> | null = null;

/** A new token for the stored demo persona (tokens expire; the persona does not), or null. */
export function renewDemoSession(): Promise<string | null> {
  const persona = getPersona();
  if (!persona) return Promise.resolve(null);
  renewing ??= fetch('/api/v1/demo/session', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: persona.user_id }),
  })
    .then(async (res) => {
      if (!res.ok) return null;
      const { token } = (await res.json()) as { token: string };
      setToken(token, persona);
      return token;
    })
    .catch(() => null)
    .finally(() => {
      renewing = null;
    });
  return renewing;
}

async function send<T>(path: string, init: Init = {}, mayRenew: boolean): Promise<T> {
  const token = getToken();
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/v1${path}${toSearch(init.query)}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
  if (!res.ok) {
    if (res.status === 401 && token) {
      // Renewed meanwhile by another request: retry with that token rather than renew again.
      if (mayRenew && (getToken() !== token || (await renewDemoSession()))) return send<T>(path, init, false);
      clearToken('expired');
    }
    throw new ApiError(res.status, body?.detail ?? body?.title ?? `HTTP ${res.status}`, body);
  }
  return body as T;
}

/**
 * GETs a file with the app's auth (the same bearer token and demo renewal as apiFetch) and saves it
 * under the name the server gives in Content-Disposition.
 */
export async function apiDownload(path: string, query: Query = {}, mayRenew = true): Promise<void> {
  const token = getToken();
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`/api/v1${path}${toSearch(query)}`, { headers });
  if (res.status === 401 && token && mayRenew && (getToken() !== token || (await renewDemoSession())))
    return apiDownload(path, query, false);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
    throw new ApiError(res.status, body?.detail ?? body?.title ?? `HTTP ${res.status}`, body);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
