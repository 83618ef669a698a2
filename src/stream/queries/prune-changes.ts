/** Retention of the change log: deletes old changes in chunks and records how far each company was pruned. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import '../db-types.js';

const CHUNK = 5000; // rows per transaction: short transactions keep PGlite (one connection) responsive
const PRUNE_LOCK = 4_242_003; // advisory lock: one pruner at a time across instances

/**
 * Deletes changes older than `cutoff`; returns how many. When another instance is pruning already
 * (advisory lock taken) it does nothing: two pruners would only fight over the same rows.
 */
export async function pruneChanges(db: Kysely<Database>, cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const lock = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${PRUNE_LOCK}) as ok`.execute(
        trx,
      );
      if (!lock.rows[0]?.ok) return 0;
      const result = await sql<{ n: number }>`
        with gone as (
          delete from event_changes
          where (company_id, seq) in (
            select company_id, seq from event_changes where changed_at < ${cutoff} limit ${CHUNK}
          )
          returning company_id, seq
        ), marks as (
          insert into stream_pruned (company_id, through_seq)
          select company_id, max(seq) from gone group by company_id
          on conflict (company_id)
            do update set through_seq = greatest(stream_pruned.through_seq, excluded.through_seq)
        )
        select count(*)::int as n from gone`.execute(trx);
      return result.rows[0]?.n ?? 0;
    });
    total += n;
    if (n < CHUNK) return total;
  }
}
