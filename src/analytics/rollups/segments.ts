/**
 * The coarse rollups keep each event under its customer's current segment. When the directory
 * changes a customer's segment (or first names a customer whose events came earlier: 'unknown'
 * until then), its events move: subtracted under the old segment, added under the new one. Runs in
 * the directory write's transaction under the company's sequence row lock, like every rollup write,
 * so no event of that customer is rolled up in between.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import { drainPendingUpkeep } from '../upkeep/apply-pending.js';
import { addCounts, deleteEmptied, rollupZone } from './maintain.js';

export interface SegmentMove {
  customerId: string;
  from: string | null;
  to: string | null;
}

const label = (segment: string | null) => segment ?? 'unknown';

/** Whether the move changes the segment the rollups keep (null and 'unknown' are the same one). */
export function isSegmentChange(move: Pick<SegmentMove, 'from' | 'to'>): boolean {
  return label(move.from) !== label(move.to);
}

/**
 * Locks the company's rollups for this transaction (the row every event write locks first), and
 * counts the inserts whose upkeep is still pending (src/analytics/upkeep/) under the segments they
 * have before this transaction changes any: a move then moves them like every other event.
 */
export async function lockCompanyWrites(trx: Transaction<Database>, companyId: string) {
  await sql`insert into company_sequences (company_id, last_seq) values (${companyId}::uuid, 0)
    on conflict (company_id) do update set last_seq = company_sequences.last_seq`.execute(trx);
  await drainPendingUpkeep(trx, companyId);
}

export async function moveSegments(trx: Transaction<Database>, companyId: string, moves: SegmentMove[]) {
  const real = moves.filter(isSegmentChange);
  if (real.length === 0) return;
  const tz = await rollupZone(trx, companyId);
  if (!tz) return; // no event rolled up yet
  const moved = sql`unnest(${real.map((m) => m.customerId)}::uuid[], ${real.map((m) => label(m.from))}::text[],
      ${real.map((m) => label(m.to))}::text[]) as m(customer_id, old_segment, new_segment)`;
  // The customers' events are read once, into a table of this transaction that the four statements
  // below share (day and hour counts, then the day and hour rows left empty), not once by each.
  await sql`create temp table segment_moves on commit drop as
    select e.event_timestamp as ts, e.event_type as type, e.event_source as source,
      coalesce(e.direction, 'unknown') as direction, s.segment, s.sign,
      s.sign * coalesce(e.duration_minutes, 0) as duration,
      case when e.status = 'scheduled' and not (e.event_data ? 'due_at') then s.sign else 0 end as scheduled
    from ${moved} join crm_activity_events e on e.company_id = ${companyId}::uuid and e.customer_id = m.customer_id
    cross join lateral (values (m.old_segment, -1), (m.new_segment, 1)) as s(segment, sign)
    where not e.is_deleted`.execute(trx);
  await addCounts(trx, companyId, tz, { coarse: sql`segment_moves` });
  await deleteEmptied(trx, companyId, tz, sql`(select ts from segment_moves)`, 'coarse');
  await sql`drop table segment_moves`.execute(trx); // a second move in this transaction makes its own
}
