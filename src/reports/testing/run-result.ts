/** A report run (the table every renderer reads) for chart and table tests, from its columns and rows. */
import type { RunResult } from '../schema.js';

type Given = Pick<RunResult, 'columns' | 'rows' | 'period' | 'visualization'> & Partial<RunResult>;

/** `given` with the rest filled in: dimensions and metrics from the columns' roles, no drill-downs. */
export function runResult(given: Given): RunResult {
  const keysOf = (role: 'dimension' | 'metric') =>
    given.columns.filter((c) => c.role === role).map((c) => c.key);
  return {
    title: 'Report',
    subtitle: '',
    keys: given.rows.map(() => ({})),
    drill: given.rows.map(() => null),
    totals: {},
    dimensions: keysOf('dimension'),
    metrics: keysOf('metric'),
    restricted: false,
    truncated: false,
    ...given,
  };
}
