/** Events per local day of week (0 = Sunday) × local hour of day (0–23) in a zone: the timing heatmap. */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventsIn } from './period-filter.js';

/** A 7 × 24 matrix, rows = day of week from Sunday, columns = hour. */
export async function getHeatmap(scope: Scope, p: Pick<ResolvedParams, 'filters' | 'tz'>, period: Period) {
  // Raw events: a rollup day cannot say which hour an event was in.
  const local = sql`(e.event_timestamp at time zone ${p.tz})`;
  const rows = await eventsIn(scope, p, period)
    .select([
      sql<number>`extract(dow from ${local})::int`.as('dow'),
      sql<number>`extract(hour from ${local})::int`.as('hour'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .groupBy([sql`1`, sql`2`])
    .execute();
  const matrix = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of rows) {
    const row = matrix[Number(r.dow)];
    if (row) row[Number(r.hour)] = Number(r.n);
  }
  return matrix;
}
