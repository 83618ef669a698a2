/**
 * Opaque, tamper-evident keyset cursors. A cursor holds the (event_timestamp, id) of the last row
 * of a page and a hash of the company and query it belongs to, signed with HMAC-SHA256: a forged,
 * edited or foreign cursor (another company's or another query's) is refused with 400.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from '../errors.js';

export interface CursorPosition {
  /**
   * event_timestamp exactly as stored: ISO 8601 in UTC with microseconds, as PostgreSQL keeps them
   * ("2026-12-01T10:00:00.123456Z"). A millisecond instant would fall before every row of its
   * millisecond: rows inserted with microseconds (by SQL, an import) would be skipped or repeated.
   */
  at: string;
  id: string;
}

/** A cursor's body as encoded: `at`, or from cursors issued before it, `t` in epoch milliseconds. */
interface CursorBody {
  at?: unknown;
  t?: unknown;
  id?: unknown;
  h?: unknown;
}

function queryHash(companyId: string, query: unknown): string {
  return createHash('sha256').update(companyId).update(stableJson(query)).digest('base64url').slice(0, 16);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sign = (secret: string, body: string) =>
  createHmac('sha256', `cursor:${secret}`).update(body).digest('base64url').slice(0, 32);

export function encodeCursor(secret: string, companyId: string, query: unknown, pos: CursorPosition): string {
  const body = Buffer.from(JSON.stringify({ ...pos, h: queryHash(companyId, query) })).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function decodeCursor(
  secret: string,
  companyId: string,
  query: unknown,
  cursor: string,
): CursorPosition {
  const [body, mac] = cursor.split('.');
  const expected = body ? sign(secret, body) : '';
  if (
    !body ||
    !mac ||
    mac.length !== expected.length ||
    !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))
  ) {
    throw badRequest('The cursor is not valid: pass next_cursor exactly as received.');
  }
  const parsed = JSON.parse(Buffer.from(body, 'base64url').toString()) as CursorBody;
  if (parsed.h !== queryHash(companyId, query)) {
    throw badRequest(
      'The cursor belongs to a different query: keep the same filters and order while paging.',
    );
  }
  // A cursor issued before `at` (milliseconds) still pages on, as it did when it was issued.
  const at =
    typeof parsed.at === 'string'
      ? parsed.at
      : typeof parsed.t === 'number'
        ? new Date(parsed.t).toISOString()
        : null;
  if (at === null || typeof parsed.id !== 'string')
    throw badRequest('The cursor is not valid: pass next_cursor exactly as received.');
  return { at, id: parsed.id };
}
