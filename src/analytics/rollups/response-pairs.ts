/**
 * Keeps analytics_response_pairs (migration 0026) in step with the events, inside the writing
 * transaction, after the new rows are written. A write can change the pair of:
 * - an inbound event it writes (created, edited, deleted);
 * - the earlier inbound events of the same customer that an outbound event it writes (or removes)
 *   may answer: those of its thread or without one, asked in the 90 days before it, whose reply is
 *   none or not earlier than it.
 * Those pairs are deleted and probed again (the first later outbound event, same thread when the
 * inbound has one); a rebuild (analytics_rebuild_response_pairs) gives the same rows.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import type { RollupRow } from './maintain.js';

/** The longest reply window the API accepts; pairs keep replies within it. */
export const PAIR_HORIZON = "interval '90 days'";

export async function maintainResponsePairs(
  trx: Transaction<Database>,
  companyId: string,
  removed: RollupRow[],
  added: RollupRow[],
): Promise<void> {
  const rows = [...removed, ...added];
  const inbound = [...new Set(rows.filter((r) => r.direction === 'inbound').map((r) => r.id))];
  const outbound = rows.filter((r) => r.direction === 'outbound');
  if (inbound.length === 0 && outbound.length === 0) return;

  const outCustomers = outbound.map((r) => r.customer_id);
  const outTimes = outbound.map((r) => new Date(r.event_timestamp).toISOString());
  // The thread as PostgreSQL reads it (->>), from the row's own event_data (old or new state).
  const outData = outbound.map((r) => JSON.stringify(r.event_data ?? {}));
  // An outbound event answers only inbound events of its own thread or without one: two branches,
  // each an index range on (customer, thread, asked_at).
  const { rows: affected } = await sql<{ id: string }>`
    with t as (
      select customer_id, ts, data->>'thread_id' as thread
      from unnest(${outCustomers}::uuid[], ${outTimes}::timestamptz[], ${outData}::jsonb[]) as t(customer_id, ts, data))
    select id from unnest(${inbound}::uuid[]) as id
    union
    select p.inbound_id from t join analytics_response_pairs p
      on p.company_id = ${companyId}::uuid and p.customer_id = t.customer_id and p.thread is null
        and p.asked_at < t.ts and p.asked_at >= t.ts - ${sql.raw(PAIR_HORIZON)}
        and (p.replied_at is null or p.replied_at >= t.ts)
    union
    select p.inbound_id from t join analytics_response_pairs p
      on p.company_id = ${companyId}::uuid and p.customer_id = t.customer_id and p.thread = t.thread
        and p.asked_at < t.ts and p.asked_at >= t.ts - ${sql.raw(PAIR_HORIZON)}
        and (p.replied_at is null or p.replied_at >= t.ts)`.execute(trx);
  if (affected.length === 0) return;
  const ids = affected.map((r) => r.id);

  await sql`delete from analytics_response_pairs
    where company_id = ${companyId}::uuid and inbound_id = any(${ids}::uuid[])`.execute(trx);
  await sql`insert into analytics_response_pairs
      (company_id, inbound_id, customer_id, thread, asked_at, event_type, event_source, reply_id, replied_at, reply_user_id)
    select i.company_id, i.id, i.customer_id, i.event_data->>'thread_id', i.event_timestamp, i.event_type, i.event_source,
      coalesce(a.id, t.id), coalesce(a.event_timestamp, t.event_timestamp), coalesce(a.user_id, t.user_id)
    from crm_activity_events i
    -- Two probes, so each can use its index: any reply (inbound without a thread) ...
    left join lateral (
      select o.id, o.event_timestamp, o.user_id from crm_activity_events o
      where i.event_data->>'thread_id' is null
        and o.company_id = i.company_id and o.customer_id = i.customer_id
        and o.direction = 'outbound' and not o.is_deleted
        and o.event_timestamp > i.event_timestamp
        and o.event_timestamp <= i.event_timestamp + ${sql.raw(PAIR_HORIZON)}
      order by o.event_timestamp, o.id
      limit 1) a on true
    -- ... or a reply in the same thread (events_outbound_thread_idx).
    left join lateral (
      select o.id, o.event_timestamp, o.user_id from crm_activity_events o
      where o.company_id = i.company_id and o.customer_id = i.customer_id
        and o.direction = 'outbound' and not o.is_deleted and o.event_data ? 'thread_id'
        and o.event_data->>'thread_id' = i.event_data->>'thread_id'
        and o.event_timestamp > i.event_timestamp
        and o.event_timestamp <= i.event_timestamp + ${sql.raw(PAIR_HORIZON)}
      order by o.event_timestamp, o.id
      limit 1) t on true
    where i.company_id = ${companyId}::uuid and i.id = any(${ids}::uuid[])
      and i.direction = 'inbound' and not i.is_deleted`.execute(trx);
}

/** A company's pairs from scratch (the SQL function of migration 0026); returns the row count. */
export async function rebuildResponsePairs(trx: Transaction<Database>, companyId: string) {
  const { rows } = await sql<{ n: string }>`
    select analytics_rebuild_response_pairs(${companyId}::uuid) as n`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}
