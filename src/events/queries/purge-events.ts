/**
 * Purges (removes for good) events the company's retention settings no longer keep: soft-deleted
 * ones N days after their deletion, and, when set, every event older than M years. Each chunk is
 * one transaction: the rows are locked and deleted, each gets a 'deleted' change-log entry under
 * the company's sequence lock naming the event's owner (the analytics replica drops the event; the
 * live stream pushes the removal to the clients who could see it), and one audit entry names the chunk. Lock order as updateEvent: event rows, then sequence.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { auditContext, recordAudit } from '../../audit/record.js';
import type { Scope } from '../../db/scope.js';
import { notify, reserveSeq } from './write-events.js';

const CHUNK = 5000;

export interface RetentionPolicy {
  deletedDays: number;
  years: number | null;
}

/** What a purge removed: soft-deleted and expired events, and the audit entry of each chunk. */
export interface PurgeReport {
  removed: number;
  soft_deleted: number;
  expired: number;
  audit_ids: number[];
}

/** Purges everything the policy no longer keeps; returns how many events were removed. */
export async function purgeEvents(scope: Scope, policy: RetentionPolicy): Promise<number> {
  return (await purgeEventsReport(scope, policy)).removed;
}

/** Purges everything the policy no longer keeps; returns what was removed, chunk audit entries included. */
export async function purgeEventsReport(scope: Scope, policy: RetentionPolicy): Promise<PurgeReport> {
  const report: PurgeReport = { removed: 0, soft_deleted: 0, expired: 0, audit_ids: [] };
  for (;;) {
    const chunk = await purgeChunk(scope, policy);
    if (!chunk) return report;
    report.removed += chunk.soft_deleted + chunk.expired;
    report.soft_deleted += chunk.soft_deleted;
    report.expired += chunk.expired;
    report.audit_ids.push(chunk.audit_id);
    if (chunk.soft_deleted + chunk.expired < CHUNK) return report;
  }
}

/** The rows the policy no longer keeps (soft-deleted past the delay, or older than the years). */
function purgeable(policy: RetentionPolicy) {
  const expired =
    policy.years === null
      ? sql`false`
      : sql`event_timestamp < now() - make_interval(years => ${policy.years})`;
  return sql`((is_deleted and updated_at < now() - make_interval(days => ${policy.deletedDays})) or ${expired})`;
}

/** What a purge run now would remove, without removing it: soft-deleted and expired counts. */
export async function countPurgeable(
  scope: Scope,
  policy: RetentionPolicy,
): Promise<{ soft_deleted: number; expired: number }> {
  const { rows } = await sql<{ soft_deleted: string; expired: string }>`
    select count(*) filter (where is_deleted) as soft_deleted, count(*) filter (where not is_deleted) as expired
    from crm_activity_events where company_id = ${scope.companyId} and ${purgeable(policy)}`.execute(
    scope.db,
  );
  return { soft_deleted: Number(rows[0]?.soft_deleted ?? 0), expired: Number(rows[0]?.expired ?? 0) };
}

/** One chunk in one transaction; undefined when nothing was left to purge. */
async function purgeChunk(
  scope: Scope,
  policy: RetentionPolicy,
): Promise<{ soft_deleted: number; expired: number; audit_id: number } | undefined> {
  return scope.db.transaction().execute(async (trx) => {
    const companyId = scope.companyId;
    const { rows } = await sql<{ id: string; is_deleted: boolean; user_id: string }>`
      select id, is_deleted, user_id from crm_activity_events
      where company_id = ${companyId} and ${purgeable(policy)}
      order by id limit ${CHUNK} for update`.execute(trx);
    if (rows.length === 0) return undefined;
    const ids = rows.map((r) => r.id);
    await trx
      .deleteFrom('crm_activity_events')
      .where('company_id', '=', companyId)
      .where('id', 'in', ids)
      .execute();
    const first = await reserveSeq(trx, companyId, ids.length);
    await trx
      .insertInto('event_changes')
      .values(
        rows.map((r, i) => ({
          company_id: companyId,
          seq: first + i,
          event_id: r.id,
          kind: 'deleted' as const,
          // The stream's visibility check for the removal: the row is gone when it is read.
          purged_user_id: r.user_id,
        })),
      )
      .execute();
    await notify(trx, companyId, first + ids.length - 1);
    const digest = createHash('sha256');
    for (const id of ids) digest.update(id).update('\n');
    const softDeleted = rows.filter((r) => r.is_deleted).length;
    const auditId = await recordAudit(trx, auditContext(scope, 'retention'), {
      action: 'retention.purge',
      objectType: 'event_batch',
      details: {
        count: ids.length,
        soft_deleted: softDeleted,
        expired: ids.length - softDeleted,
        first_event_id: ids[0],
        last_event_id: ids[ids.length - 1],
        ids_sha256: digest.digest('hex'),
        seq_from: first,
        seq_to: first + ids.length - 1,
        policy: { deleted_days: policy.deletedDays, years: policy.years },
      },
    });
    return { soft_deleted: softDeleted, expired: ids.length - softDeleted, audit_id: auditId };
  });
}
