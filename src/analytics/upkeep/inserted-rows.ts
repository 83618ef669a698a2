/**
 * Rows this process inserted, by company and change seq, until their upkeep has run: the upkeep
 * takes them from here instead of reading them back from the table. They are the rows as inserted,
 * which is what the upkeep must count; rows inserted by another process, or forgotten, are read.
 */
import type { RollupRow } from '../rollups/maintain.js';

const byCompany = new Map<string, Map<number, RollupRow>>();
const MAX_ROWS = 50_000; // per company: past it (upkeep failing for a while) rows are read back instead

/** Remembers a committed insert: `rows[i]` has change seq `firstSeq + i`. */
export function rememberInserted(companyId: string, firstSeq: number, rows: RollupRow[]): void {
  const known = byCompany.get(companyId) ?? new Map<number, RollupRow>();
  byCompany.set(companyId, known);
  if (known.size + rows.length > MAX_ROWS) known.clear();
  for (const [i, row] of rows.entries()) known.set(firstSeq + i, row);
}

/** The remembered row of change `seq`, if it is the event named by that change. */
export function recallInserted(companyId: string, seq: number, eventId: string): RollupRow | undefined {
  const row = byCompany.get(companyId)?.get(seq);
  return row?.id === eventId ? row : undefined;
}

/** Forgets the rows through `seq` (their upkeep is applied, or will read them back). */
export function forgetInserted(companyId: string, throughSeq: number): void {
  const known = byCompany.get(companyId);
  if (!known) return;
  for (const seq of known.keys()) if (seq <= throughSeq) known.delete(seq);
  if (known.size === 0) byCompany.delete(companyId);
}
