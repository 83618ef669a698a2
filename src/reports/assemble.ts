/**
 * Figure rows → the run's table: merged sources, gap-filled time buckets, the viewer's figure scope,
 * sort and limit. Pure functions over the rows the queries returned.
 */
import { round4 } from '../analytics/stats.js';
import type { FigureScope } from '../visibility/policy.js';
import { type DimensionId, dimensionDef, type MetricId, metricDef } from './catalogue.js';
import type { FigureRow } from './compile.js';

export interface TableRow {
  keys: Array<string | null>;
  values: Record<string, number | null>;
}

const keyOf = (keys: Array<string | null>) => JSON.stringify(keys);
const round = (m: MetricId, v: number | null) => (metricDef(m).type === 'duration' ? round4(v) : v);
const empty = (metrics: MetricId[]) =>
  Object.fromEntries(metrics.map((m) => [m, metricDef(m).additive ? 0 : null])) as Record<
    string,
    number | null
  >;

/** Rows of every source merged by their keys (metrics a source has no row for: 0 or null), and totals. */
export function mergeSources(
  sources: Array<{ metrics: MetricId[]; rows: FigureRow[] }>,
  metrics: MetricId[],
) {
  const rows = new Map<string, TableRow>();
  const totals = empty(metrics);
  const target = (r: FigureRow) => {
    if (r.total) return totals;
    const k = keyOf(r.keys);
    let row = rows.get(k);
    if (!row) {
      row = { keys: r.keys, values: empty(metrics) };
      rows.set(k, row);
    }
    return row.values;
  };
  for (const source of sources)
    for (const r of source.rows) {
      const into = target(r);
      for (const m of source.metrics) into[m] = round(m, r.values[m] ?? null);
    }
  return { rows: [...rows.values()], totals };
}

/**
 * Every bucket of the period appears, for every value of the other dimension seen in the period
 * (a line chart's series are then complete): counts 0, statistics null.
 */
export function gapFill(
  rows: TableRow[],
  dims: DimensionId[],
  starts: Date[],
  metrics: MetricId[],
): TableRow[] {
  const t = dims.findIndex((d) => dimensionDef(d).bucket !== undefined);
  if (t < 0) return rows;
  const others = dims.length === 1 ? [null] : [...new Set(rows.map((r) => r.keys[1 - t] ?? null))];
  if (dims.length === 2 && others.length === 0) return rows;
  const have = new Map(rows.map((r) => [keyOf(r.keys), r]));
  const out: TableRow[] = [];
  for (const s of starts)
    for (const o of others) {
      const keys =
        dims.length === 1 ? [s.toISOString()] : t === 0 ? [s.toISOString(), o] : [o, s.toISOString()];
      out.push(have.get(keyOf(keys)) ?? { keys, values: empty(metrics) });
    }
  return out;
}

/** Drops rows of users or teams outside the viewer's figure scope; says whether any were dropped. */
export function withinFigureScope(rows: TableRow[], dims: DimensionId[], f: FigureScope) {
  const checks = dims.map((d) => (d === 'user' ? f.users : d === 'team' ? f.teams : null));
  const kept = rows.filter((r) =>
    checks.every((allowed, i) => allowed === null || allowed.has(String(r.keys[i]).toLowerCase())),
  );
  return { rows: kept, restricted: kept.length !== rows.length };
}

/** Sorted by `sort` (nulls last), else by the time bucket or, without one, the first metric descending. */
export function sortRows(
  rows: TableRow[],
  dims: DimensionId[],
  metrics: MetricId[],
  sort: { by: string; order: 'asc' | 'desc' } | undefined,
  label: (dim: number, key: string | null) => string,
): TableRow[] {
  const t = dims.findIndex((d) => dimensionDef(d).bucket !== undefined);
  const by =
    sort ??
    (t >= 0
      ? { by: dims[t] as string, order: 'asc' as const }
      : { by: metrics[0] as string, order: 'desc' as const });
  const d = dims.indexOf(by.by as DimensionId);
  const value = (r: TableRow): string | number | null =>
    d >= 0 ? label(d, r.keys[d] ?? null) : (r.values[by.by] ?? null);
  const sign = by.order === 'asc' ? 1 : -1;
  // Ties: by the dimension labels, so a run's order is stable.
  const tie = (a: TableRow, b: TableRow) => {
    for (let i = 0; i < dims.length; i++) {
      const x = label(i, a.keys[i] ?? null);
      const y = label(i, b.keys[i] ?? null);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return tie(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}
