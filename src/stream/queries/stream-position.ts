/** Where a company's change log stands: the last committed seq and how far retention pruned it. */
import type { Scope } from '../../db/scope.js';
import '../db-types.js';

export interface StreamPosition {
  /** Every change up to this seq is committed (seqs are reserved under a lock held until commit). */
  lastSeq: number;
  /** Changes up to this seq may have been pruned; resuming from below it cannot be lossless. */
  prunedThrough: number;
}

export async function getStreamPosition(scope: Scope): Promise<StreamPosition> {
  const [seq, pruned] = await Promise.all([
    scope.db
      .selectFrom('company_sequences')
      .select('last_seq')
      .where('company_id', '=', scope.companyId)
      .executeTakeFirst(),
    scope.db
      .selectFrom('stream_pruned')
      .select('through_seq')
      .where('company_id', '=', scope.companyId)
      .executeTakeFirst(),
  ]);
  return { lastSeq: Number(seq?.last_seq ?? 0), prunedThrough: Number(pruned?.through_seq ?? 0) };
}
