/**
 * recordAudit: the one way an entry enters the audit log, always inside the transaction of the
 * change it records (so a change without its entry, or an entry without its change, cannot commit).
 *
 * How to call it (exports, report runs, schedule changes and deliveries included):
 *   await db.transaction().execute(async (trx) => {
 *     …the change (or, for a bulk read, nothing else)…
 *     await recordAudit(trx, auditContext(scope, 'scheduler'), {
 *       action: 'export.run', objectType: 'export', objectIds: [exportId],
 *       details: { format: 'csv', rows: 1234, filters },   // counts and parameters, never content
 *     });
 *   });
 * - `auditContext(scope, job)`: the request's actor (`scope.actor`, set by src/auth/plugin.ts: user,
 *   role, token id, IP, user agent, request id), or for background work (no actor) `system` + job.
 * - Call it LAST in the transaction: it locks the company's audit head row until commit, and
 *   taking that lock last keeps lock order acyclic (rows, company sequence, audit head).
 * - Updates name changed fields as `changes: { field: { before, after } }` (see `fieldChanges`).
 * - Cost: one statement, whatever the size of the change (a 5,000-event batch is one entry); the
 *   company's very first entry takes two more (its head row is created).
 */
import { sql, type Transaction } from 'kysely';
import type { Scope } from '../db/scope.js';
import type { Database } from '../db/types.js';
import './db-types.js';
import { canonicalParts, GENESIS_HASH, type UnplacedContent } from './chain.js';

/** Who acts, and from where: one per request (or per background job). */
export interface AuditActor {
  userId: string | null;
  role: string;
  tokenId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** Where an entry goes (the company's chain) and who acts. */
export interface AuditContext extends AuditActor {
  companyId: string;
}

/** The context of a scoped write: the request's actor, or `systemActor(job)` for background work. */
export const auditContext = (scope: Scope, job = 'system'): AuditContext => ({
  ...(scope.actor ?? systemActor(job)),
  companyId: scope.companyId,
});

export interface AuditEntry {
  /** Dotted verb: events.ingest, event.update, event.delete, directory.users.upsert, … */
  action: string;
  objectType: string;
  objectIds?: string[];
  /** Counts, parameters and changed fields (before/after); JSON-serialisable. */
  details?: Record<string, unknown>;
  /** Events this entry covers (completeness counts them): an ingest's stored events. */
  eventCount?: number;
}

/** The actor of background work (retention purge, CLI, seeding): no user, role `system`. */
export const systemActor = (job: string): AuditActor => ({
  userId: null,
  role: 'system',
  tokenId: null,
  ip: null,
  userAgent: job,
  requestId: null,
});

/** Appends one entry to the company's chain; returns its position. */
export async function recordAudit(
  trx: Transaction<Database>,
  context: AuditContext,
  entry: AuditEntry,
): Promise<number> {
  const { companyId, ...actor } = context;
  const content: UnplacedContent = {
    company_id: companyId,
    user_id: actor.userId,
    actor_role: actor.role,
    token_id: actor.tokenId,
    ip: actor.ip,
    user_agent: actor.userAgent,
    request_id: actor.requestId,
    action: entry.action,
    object_type: entry.objectType,
    object_ids: entry.objectIds ?? [],
    // Through JSON once: what is hashed is exactly what jsonb stores and returns (Dates as text).
    details: JSON.parse(JSON.stringify(entry.details ?? {})),
    event_count: entry.eventCount ?? 0,
  };
  const id = await appendEntry(trx, content);
  if (id !== undefined) return id;
  // The company's first entry: create its head (position 0), then append as usual. A concurrent
  // first entry waits on the insert and then finds the head.
  await sql`insert into audit_heads (company_id, last_id, last_hash) values (${companyId}, 0, ${GENESIS_HASH})
    on conflict (company_id) do nothing`.execute(trx);
  const retried = await appendEntry(trx, content);
  if (retried === undefined) throw new Error('audit head not found after creating it');
  return retried;
}

/**
 * One statement: lock the company's head row (FOR UPDATE returns its latest committed version
 * after waiting, so entries chain in commit order), number the entry, time it (the transaction's
 * now(), to the millisecond, as verify reads it back), hash it exactly as chain.ts does
 * (SHA-256 of the previous hash, a newline and the canonical JSON), insert it and move the head.
 * Undefined when the company has no head row yet.
 */
async function appendEntry(trx: Transaction<Database>, c: UnplacedContent): Promise<number | undefined> {
  const { head, middle, tail } = canonicalParts(c);
  const { rows } = await sql<{ id: string }>`
    with prev as (
      select last_id, last_hash from audit_heads where company_id = ${c.company_id} for update
    ), placed as (
      select prev.last_id + 1 as id, prev.last_hash as prev_hash, t.at,
        '"' || to_char(t.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"' as at_json
      from prev, (select date_trunc('milliseconds', now()) as at) t
    ), entry as (
      select id, prev_hash, at, encode(sha256(convert_to(
        prev_hash || chr(10) || ${head} || at_json || ${middle} || id::text || ${tail}, 'UTF8')), 'hex') as hash
      from placed
    ), moved as (
      update audit_heads h set last_id = entry.id, last_hash = entry.hash
      from entry where h.company_id = ${c.company_id}
    ), inserted as (
      insert into audit_log (company_id, id, at, user_id, actor_role, token_id, ip, user_agent, request_id,
        action, object_type, object_ids, details, event_count, prev_hash, hash)
      select ${c.company_id}, entry.id, entry.at, ${c.user_id}, ${c.actor_role}, ${c.token_id}, ${c.ip},
        ${c.user_agent}, ${c.request_id}, ${c.action}, ${c.object_type}, ${JSON.stringify(c.object_ids)}::jsonb,
        ${JSON.stringify(c.details)}::jsonb, ${c.event_count}, entry.prev_hash, entry.hash
      from entry
    )
    select id from entry`.execute(trx);
  return rows[0] ? Number(rows[0].id) : undefined;
}

/** `{ field: { before, after } }` for the fields of `after` whose value differs from `before`. */
export function fieldChanges(
  before: object,
  after: object,
  fields: readonly string[],
): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const f of fields) {
    const b = (before as Record<string, unknown>)[f] ?? null;
    const a = (after as Record<string, unknown>)[f] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out[f] = { before: b, after: a };
  }
  return out;
}
