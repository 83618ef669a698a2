/** Retention of the change log: deletes old changes in chunks and records how far each company was pruned. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import '../db-types.js';

const CHUNK = 5000; // rows per transaction: short transactions keep PGlite (one connection) responsive

/** Deletes changes older than `cutoff`; returns how many. Safe to run from several instances at once. */
export async function pruneChanges(db: Kysely<Database>, cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
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
      select count(*)::int as n from gone`.execute(db);
    const n = result.rows[0]?.n ?? 0;
    total += n;
    if (n < CHUNK) return total;
  }
}
