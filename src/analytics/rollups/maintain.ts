/**
 * Keeps the analytics rollups in step with the raw events, inside the writing transaction:
 * `removed` rows are subtracted (old state of updated or deleted events), `added` rows are added.
 */
import type { Transaction } from 'kysely';
import type { Database, EventRow } from '../../db/types.js';

export type RollupRow = Pick<
  EventRow,
  | 'id'
  | 'customer_id'
  | 'user_id'
  | 'event_type'
  | 'event_source'
  | 'event_timestamp'
  | 'duration_minutes'
  | 'event_data'
  | 'priority'
  | 'status'
  | 'sentiment'
  | 'direction'
  | 'engagement_score'
>;

export async function maintainRollups(
  _trx: Transaction<Database>,
  _companyId: string,
  _removed: RollupRow[],
  _added: RollupRow[],
): Promise<void> {
  // The analytics rollup tables arrive with the analytics feature (issue 4); nothing to maintain yet.
}
