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
 * - Cost: three statements, whatever the size of the change (a 5,000-event batch is one entry),
 *   each one router task on Citus; a company's first entry two more.
 */
import { sql, type Transaction } from 'kysely';
import type { Scope } from '../db/scope.js';
import type { Database } from '../db/types.js';
import './db-types.js';
import { type ChainedContent, entryHash, GENESIS_HASH } from './chain.js';

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
  const head = await advanceHead(trx, companyId);
  const content: ChainedContent = {
    company_id: companyId,
    id: Number(head.last_id),
    at: new Date(head.at).toISOString(), // the transaction's time, to the millisecond as stored
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
  const hash = entryHash(head.last_hash, content);
  await sql`
    insert into audit_log (company_id, id, at, user_id, actor_role, token_id, ip, user_agent, request_id,
      action, object_type, object_ids, details, event_count, prev_hash, hash)
    values (${companyId}, ${content.id}, ${content.at}, ${content.user_id}, ${content.actor_role},
      ${content.token_id}, ${content.ip}, ${content.user_agent}, ${content.request_id}, ${content.action},
      ${content.object_type}, ${JSON.stringify(content.object_ids)}::jsonb, ${JSON.stringify(content.details)}::jsonb,
      ${content.event_count}, ${head.last_hash}, ${hash})`.execute(trx);
  await sql`update audit_heads set last_hash = ${hash} where company_id = ${companyId}`.execute(trx);
  return content.id;
}

/**
 * Takes the company's head row lock and moves it on by one: the new entry's id, the previous
 * entry's hash and the transaction's time, in one statement. An UPDATE in a CTE (not an upsert
 * with RETURNING now()) so that on Citus the whole statement is one router task on the company's
 * shard. A company's first entry creates the head first (once per company).
 */
async function advanceHead(trx: Transaction<Database>, companyId: string) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const { rows } = await sql<{ last_id: string; last_hash: string; at: Date }>`
      with head as (
        update audit_heads set last_id = last_id + 1 where company_id = ${companyId}
        returning last_id, last_hash)
      select last_id, last_hash, now() as at from head`.execute(trx);
    if (rows[0]) return rows[0];
    await sql`insert into audit_heads (company_id, last_id, last_hash) values (${companyId}, 0, ${GENESIS_HASH})
      on conflict (company_id) do nothing`.execute(trx);
  }
  throw new Error('audit head not created');
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
