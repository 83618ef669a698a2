/**
 * Runs a report definition for a viewer: their visible events only (visibility rows), their figure
 * scope for per-user and per-team rows, the run's period and zone; answers the table every renderer
 * reads (columns + rows, 1:1 with the exports' table spec), plus drill-down slices and totals.
 */
import type { Scope } from '../db/scope.js';
import { forbidden } from '../errors.js';
import { isLabelledField, valueLabel } from '../events/value-labels.js';
import { findDirectoryUsers } from '../sharing/queries.js';
import { formatPeriod } from '../time/period-label.js';
import type { Visibility } from '../visibility/policy.js';
import { gapFill, mergeSources, sortRows, type TableRow, withinFigureScope } from './assemble.js';
import { type DimensionId, dimensionDef, type MetricId, metricDef } from './catalogue.js';
import { type Plan, queryEventFigures, queryResponseFigures } from './compile.js';
import { findTeamNames } from './queries.js';
import { type RunAsk, type RunWindow, resolveRunWindow } from './run-period.js';
import type { ReportColumn, ReportDefinition, RunResult } from './schema.js';

export const DEFAULT_LIMIT = 1000;

/** 403 when a breakdown could show nothing but figures the viewer may not see (a rep's per-team rows). */
function assertBreakdownAllowed(v: Visibility, dims: DimensionId[]) {
  if (dims.includes('team') && v.figures.teams?.size === 0)
    throw forbidden('You may not see per-team figures: only your own.');
  if (dims.includes('user') && v.figures.users?.size === 0)
    throw forbidden('You may not see per-user figures.');
}

async function labeller(scope: Scope, dims: DimensionId[], rows: TableRow[]) {
  const ids = (d: DimensionId) => {
    const i = dims.indexOf(d);
    return i < 0
      ? []
      : [...new Set(rows.map((r) => r.keys[i]).filter((k): k is string => k !== null && k !== 'unknown'))];
  };
  const users = await findDirectoryUsers(scope, ids('user'));
  const teams = await findTeamNames(scope, ids('team'));
  return (i: number, key: string | null): string => {
    if (key === null) return '';
    const d = dims[i];
    if (d === 'user') return users.get(key) ?? key;
    if (d === 'team') return key === 'unknown' ? 'No team' : (teams.get(key) ?? key);
    // Catalogue values by their labels ("Web visit"); `keys` keeps the raw value for drill-downs.
    if (d && isLabelledField(d)) return valueLabel(d, key);
    return key;
  };
}

function columnsOf(dims: DimensionId[], metrics: MetricId[]): ReportColumn[] {
  return [
    ...dims.map(
      (d): ReportColumn => ({
        key: d,
        label: dimensionDef(d).label,
        type: dimensionDef(d).bucket ? 'datetime' : 'text',
        role: 'dimension',
      }),
    ),
    ...metrics.map((m): ReportColumn => {
      const def = metricDef(m);
      return { key: m, label: `${def.label} (${def.unit})`, type: def.type, unit: def.unit, role: 'metric' };
    }),
  ];
}

/** The timeline slice a row counts: the report's filters narrowed to the row's values. */
function drillOf(
  d: ReportDefinition,
  dims: DimensionId[],
  w: RunWindow & { startIndex: Map<string, number> },
  r: TableRow,
): RunResult['drill'][number] {
  const filters: Record<string, unknown> = { ...(d.filters ?? {}) };
  let from = w.period.from;
  let to = w.period.to;
  for (const [i, id] of dims.entries()) {
    const def = dimensionDef(id);
    const key = r.keys[i] ?? null;
    if (def.bucket) {
      const at = key === null ? undefined : w.startIndex.get(key);
      if (at === undefined) return null;
      from = new Date(Math.max(from.getTime(), (w.starts[at] as Date).getTime()));
      const next = w.starts[at + 1];
      if (next && next.getTime() < to.getTime()) to = next;
      continue;
    }
    if (!def.filter || key === null || key === def.unknown) return null;
    filters[def.filter] = [key];
  }
  if (d.filters?.weekday?.length || d.filters?.hour?.length) filters.tz = w.tz;
  return { from: from.toISOString(), to: to.toISOString(), filters };
}

export async function runReport(
  scope: Scope,
  v: Visibility,
  d: ReportDefinition,
  ask: RunAsk,
  opts: { title: string; path: string },
): Promise<RunResult> {
  const dims = d.dimensions as DimensionId[];
  const metrics = d.metrics as MetricId[];
  assertBreakdownAllowed(v, dims);
  const w = await resolveRunWindow(scope, d, ask, opts.path);
  const filters = d.filters ?? {};
  const plan: Plan = {
    selection: {
      // weekday/hour are read in the run's zone, like the buckets.
      filters: filters.weekday?.length || filters.hour?.length ? { ...filters, tz: w.tz } : filters,
      visible: v,
    },
    period: w.period,
    tz: w.tz,
    dimensions: dims,
    starts: w.starts,
  };
  const bySource = (s: 'events' | 'responses') => metrics.filter((m) => metricDef(m).source === s);
  const [events, responses] = await Promise.all([
    bySource('events').length ? queryEventFigures(scope, plan, bySource('events')) : [],
    bySource('responses').length ? queryResponseFigures(scope, plan, bySource('responses')) : [],
  ]);
  const merged = mergeSources(
    [
      { metrics: bySource('events'), rows: events },
      { metrics: bySource('responses'), rows: responses },
    ],
    metrics,
  );
  // Without dimensions the table is one row: the totals.
  const rows = dims.length === 0 ? [{ keys: [], values: merged.totals }] : merged.rows;
  const scoped = withinFigureScope(gapFill(rows, dims, w.starts, metrics), dims, v.figures);
  const label = await labeller(scope, dims, scoped.rows);
  const limit = d.limit ?? DEFAULT_LIMIT;
  // Bucket start → its index, for drill-down slices (a scan per row cost ~40 ms at 900 rows).
  const slices = { ...w, startIndex: new Map(w.starts.map((s, i) => [s.toISOString(), i])) };
  const sorted = sortRows(scoped.rows, dims, metrics, d.sort, label).slice(0, limit);
  return {
    title: opts.title,
    subtitle: formatPeriod({ ...w.period, tz: w.tz, name: w.name }),
    columns: columnsOf(dims, metrics),
    rows: sorted.map((r) => ({
      ...Object.fromEntries(dims.map((id, i) => [id, label(i, r.keys[i] ?? null)])),
      ...r.values,
    })),
    keys: sorted.map((r) => Object.fromEntries(dims.map((id, i) => [id, r.keys[i] ?? null]))),
    drill: sorted.map((r) => drillOf(d, dims, slices, r)),
    totals: merged.totals,
    period: { from: w.period.from.toISOString(), to: w.period.to.toISOString(), tz: w.tz, bucket: w.bucket },
    visualization: d.visualization,
    dimensions: dims,
    metrics,
    restricted: scoped.restricted,
    truncated: scoped.rows.length > limit,
  };
}
