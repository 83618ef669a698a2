/**
 * Opaque, tamper-evident keyset cursors. A cursor holds the (event_timestamp, id) of the last row
 * of a page and a hash of the company and query it belongs to, signed with HMAC-SHA256: a forged,
 * edited or foreign cursor (another company's or another query's) is refused with 400.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from '../errors.js';

export interface CursorPosition {
  /** event_timestamp in epoch milliseconds (stored timestamps have millisecond precision). */
  t: number;
  id: string;
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
  const parsed = JSON.parse(Buffer.from(body, 'base64url').toString()) as CursorPosition & { h: string };
  if (parsed.h !== queryHash(companyId, query)) {
    throw badRequest(
      'The cursor belongs to a different query: keep the same filters and order while paging.',
    );
  }
  return { t: parsed.t, id: parsed.id };
}
