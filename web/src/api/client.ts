/** fetch for the API: adds the bearer token, turns problem+json into ApiError, signs out on 401. */
import { clearToken, getToken } from './session.js';

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
    if (res.status === 401 && token) clearToken('expired');
    throw new ApiError(res.status, body?.detail ?? body?.title ?? `HTTP ${res.status}`, body);
  }
  return body as T;
}
