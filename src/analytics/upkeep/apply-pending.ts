/**
 * Analytics upkeep of inserted events, applied after the insert has committed (outside the
 * company's sequence lock, so the next batch can insert meanwhile). Each company has a watermark:
 * the last change seq whose upkeep is applied. A run takes the company's upkeep lock, applies the
 * rollup deltas and response pairs of every `created` change past the watermark and advances it in
 * the same transaction, so each insert is counted exactly once, whoever runs it (the inserting
 * request, a concurrent one whose batch committed later, an update, or the catch-up after a crash).
 *
 * Why the current row is the inserted row: an update or delete drains the company's pending upkeep
 * first (`drainPendingUpkeep` in updateEvent), so no pending event has changed since its insert.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import { maintainRollups, type RollupRow } from '../rollups/maintain.js';
import { rebuildRollups } from '../rollups/rebuild.js';
import { forgetInserted, recallInserted } from './inserted-rows.js';
import { lockUpkeep, readWatermark, setWatermark } from './watermark.js';

const CHUNK = 10_000; // changes per transaction: bounds memory and transaction length when catching up

/**
 * Applies up to CHUNK pending changes in `trx` (which holds the upkeep lock); returns how many
 * changes it read (0: none left), or -1 when changes past the watermark were pruned by retention.
 */
async function applyChunk(trx: Transaction<Database>, companyId: string): Promise<number> {
  const from = await readWatermark(trx, companyId);
  const { rows: changes } = await sql<{ seq: number; kind: string; event_id: string }>`
    select seq, kind, event_id from event_changes
    where company_id = ${companyId}::uuid and seq > ${from} order by seq limit ${CHUNK}`.execute(trx);
  const last = changes.at(-1);
  if (!last) return 0;
  // Commits happen in seq order, so the changes read are a gap-free run from the watermark on,
  // unless retention pruned some before their upkeep ran (a process down for a whole retention period).
  if (Number(changes[0]?.seq) !== from + 1 && (await prunedPast(trx, companyId, from))) return -1;
  const added: RollupRow[] = [];
  const unknown: string[] = [];
  for (const c of changes.filter((c) => c.kind === 'created')) {
    const row = recallInserted(companyId, Number(c.seq), c.event_id);
    if (row) added.push(row);
    else unknown.push(c.event_id);
  }
  if (unknown.length) added.push(...(await readRows(trx, companyId, unknown)));
  if (added.length) await maintainRollups(trx, companyId, [], added);
  await setWatermark(trx, companyId, Number(last.seq));
  forgetInserted(companyId, Number(last.seq));
  return changes.length;
}

/** Events as stored, for changes whose inserted rows this process does not hold. */
async function readRows(trx: Transaction<Database>, companyId: string, ids: string[]) {
  const { rows } = await sql<RollupRow>`
    select id, customer_id, user_id, event_type, event_source, event_timestamp, duration_minutes, event_data,
      priority, status, sentiment, direction, engagement_score
    from crm_activity_events where company_id = ${companyId}::uuid and id = any(${ids}::uuid[])`.execute(trx);
  return rows;
}

async function prunedPast(trx: Transaction<Database>, companyId: string, seq: number) {
  const row = await trx
    .selectFrom('stream_pruned')
    .select('through_seq')
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return Number(row?.through_seq ?? 0) > seq;
}

/**
 * Inside a writing transaction that holds the company's sequence lock (updateEvent): takes the
 * upkeep lock and applies every pending insert, so the write's own upkeep sees rollups that
 * already count the row it is about to change.
 */
export async function drainPendingUpkeep(trx: Transaction<Database>, companyId: string): Promise<void> {
  await lockUpkeep(trx, companyId);
  for (;;) {
    const n = await applyChunk(trx, companyId);
    if (n === -1)
      throw new Error(`analytics upkeep of company ${companyId} lost changes to retention: rebuild`);
    if (n < CHUNK) return;
  }
}

/**
 * Applies the company's pending upkeep, one transaction per chunk; returns the changes read.
 * When retention pruned changes whose upkeep never ran, the rollups are rebuilt from the events.
 */
export async function applyPendingUpkeep(db: Kysely<Database>, companyId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      await lockUpkeep(trx, companyId);
      return applyChunk(trx, companyId);
    });
    if (n === -1) {
      await rebuildRollups(db, companyId);
      return total;
    }
    total += n;
    if (n < CHUNK) return total;
  }
}
