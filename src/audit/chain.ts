/**
 * The hash chain: an entry's hash is SHA-256 over the previous entry's hash and a canonical
 * serialisation of the entry's content (JSON with keys sorted at every depth, the time in UTC ISO
 * form to the millisecond, ids as text). Writing and verifying share these two functions, so the
 * serialisation cannot drift between them.
 */
import { createHash } from 'node:crypto';

/** The first entry of a company chains to this. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: every stored column except the two hashes. */
export interface ChainedContent {
  company_id: string;
  id: number;
  at: string;
  user_id: string | null;
  actor_role: string;
  token_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  action: string;
  object_type: string;
  object_ids: string[];
  details: Record<string, unknown>;
  event_count: number;
}

/** JSON with object keys sorted at every depth: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(prevHash: string, content: ChainedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}
