/**
 * The per-company upkeep lock and watermark (migration 0031): every writer of a company's analytics
 * tables holds the lock, and the watermark says through which change seq they count the events.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import './tables.js';

const UPKEEP_LOCK = 4_242_004; // advisory lock class; the second key is the company

/** Takes the company's upkeep lock until the transaction ends (the same key as migration 0031's trigger). */
export async function lockUpkeep(trx: Transaction<Database>, companyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${UPKEEP_LOCK}, hashtext(${companyId}::uuid::text))`.execute(trx);
}

/** The last change seq of the company whose upkeep is applied (0: none yet). */
export async function readWatermark(trx: Transaction<Database>, companyId: string): Promise<number> {
  const row = await trx
    .selectFrom('analytics_upkeep_state')
    .select('applied_seq')
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return Number(row?.applied_seq ?? 0);
}

/** Records that every change of the company through `seq` has its analytics upkeep applied. */
export async function setWatermark(trx: Transaction<Database>, companyId: string, seq: number) {
  await sql`insert into analytics_upkeep_state (company_id, applied_seq) values (${companyId}::uuid, ${seq})
    on conflict (company_id) do update set applied_seq = excluded.applied_seq`.execute(trx);
}
