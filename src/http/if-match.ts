/** Optimistic concurrency: the version a client read, from `If-Match: "<n>"` (weak tags accepted). */
import { badRequest } from '../errors.js';

/** The expected version, or undefined when the header is absent or `*` (no precondition). */
export function parseIfMatch(header: string | undefined, what: string): number | undefined {
  if (!header || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  if (!m) throw badRequest(`If-Match must be the ETag of the ${what} you read, e.g. "3".`);
  return Number(m[1]);
}
