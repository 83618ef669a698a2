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

/** Purges everything the policy no longer keeps; returns how many events were removed. */
export async function purgeEvents(scope: Scope, policy: RetentionPolicy): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await purgeChunk(scope, policy);
    total += n;
    if (n < CHUNK) return total;
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

async function purgeChunk(scope: Scope, policy: RetentionPolicy): Promise<number> {
  return scope.db.transaction().execute(async (trx) => {
    const companyId = scope.companyId;
    const { rows } = await sql<{ id: string; is_deleted: boolean; user_id: string }>`
      select id, is_deleted, user_id from crm_activity_events
      where company_id = ${companyId} and ${purgeable(policy)}
      order by id limit ${CHUNK} for update`.execute(trx);
    if (rows.length === 0) return 0;
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
    await recordAudit(trx, auditContext(scope, 'retention'), {
      action: 'retention.purge',
      objectType: 'event_batch',
      details: {
        count: ids.length,
        soft_deleted: rows.filter((r) => r.is_deleted).length,
        expired: rows.filter((r) => !r.is_deleted).length,
        first_event_id: ids[0],
        last_event_id: ids[ids.length - 1],
        ids_sha256: digest.digest('hex'),
        seq_from: first,
        seq_to: first + ids.length - 1,
        policy: { deleted_days: policy.deletedDays, years: policy.years },
      },
    });
    return ids.length;
  });
}
