/** The builder's state: a report definition edited by drops into wells (rows, columns, filters, metrics). */
import {
  DIRECTIONS,
  EVENT_SOURCES,
  EVENT_TYPES,
  PRIORITIES,
  STATUSES,
} from '../../../../src/events/catalogue.js';
import { DIMENSIONS, METRICS, SHAPES, type Visualization } from '../../../../src/reports/catalogue.js';
import type { ReportDefinition } from '../../api/useReportsQuery.js';

export type Well = 'rows' | 'columns' | 'filters' | 'metrics';
export const WELLS: Array<{ id: Well; label: string }> = [
  { id: 'rows', label: 'Rows' },
  { id: 'columns', label: 'Columns' },
  { id: 'filters', label: 'Filters' },
  { id: 'metrics', label: 'Metrics' },
];

/**
 * Dimensions a filter can be added for: the timeline filter it sets and where its values come from —
 * a fixed list (`values`), the company's segments (`segments`), or a directory type-ahead (`picker`:
 * users and teams are too many for a list).
 */
export interface FilterSpec {
  filter: 'type' | 'source' | 'direction' | 'status' | 'priority' | 'user_id' | 'team_id' | 'segment';
  values?: readonly string[];
  picker?: 'user' | 'team';
  segments?: true;
}
export const FILTERABLE: Record<string, FilterSpec> = {
  type: { filter: 'type', values: EVENT_TYPES },
  source: { filter: 'source', values: EVENT_SOURCES },
  direction: { filter: 'direction', values: DIRECTIONS },
  status: { filter: 'status', values: STATUSES },
  priority: { filter: 'priority', values: PRIORITIES },
  user: { filter: 'user_id', picker: 'user' },
  team: { filter: 'team_id', picker: 'team' },
  segment: { filter: 'segment', segments: true },
};

export const METRIC_IDS = Object.keys(METRICS) as Array<keyof typeof METRICS>;
export const DIMENSION_IDS = Object.keys(DIMENSIONS) as Array<keyof typeof DIMENSIONS>;
export const labelOf = (id: string) =>
  (METRICS as Record<string, { label: string }>)[id]?.label ??
  (DIMENSIONS as Record<string, { label: string }>)[id]?.label ??
  id;
export const isMetricId = (id: string) => Object.hasOwn(METRICS, id);

/** Which wells accept a palette item. */
export function accepts(well: Well, id: string): boolean {
  if (isMetricId(id)) return well === 'metrics';
  if (well === 'metrics') return false;
  return well === 'filters' ? id in FILTERABLE : true;
}

/** The definition after dropping `id` into `well` (rows/columns replace their one dimension). */
export function drop(d: ReportDefinition, well: Well, id: string): ReportDefinition {
  if (!accepts(well, id)) return d;
  if (well === 'metrics') return d.metrics.includes(id) ? d : { ...d, metrics: [...d.metrics, id] };
  if (well === 'filters') {
    const f = FILTERABLE[id]?.filter as string;
    const filters = { ...(d.filters ?? {}) } as Record<string, unknown>;
    filters[f] ??= [];
    return { ...d, filters: filters as ReportDefinition['filters'] };
  }
  const rows = well === 'rows' ? id : d.dimensions[0];
  const columns = well === 'columns' ? id : d.dimensions[1];
  const dims = [rows, columns === rows ? undefined : columns].filter((x): x is string => Boolean(x));
  return { ...d, dimensions: dims };
}

export function removeFrom(d: ReportDefinition, well: Well, id: string): ReportDefinition {
  if (well === 'metrics') return { ...d, metrics: d.metrics.filter((m) => m !== id) };
  if (well === 'filters') {
    const filters = { ...(d.filters ?? {}) } as Record<string, unknown>;
    delete filters[FILTERABLE[id]?.filter ?? id];
    return { ...d, filters: filters as ReportDefinition['filters'] };
  }
  return {
    ...d,
    dimensions: d.dimensions.filter((x, i) => !(x === id && (well === 'rows' ? i === 0 : i === 1))),
  };
}

/** Items shown in a well. */
export function itemsOf(d: ReportDefinition, well: Well): string[] {
  if (well === 'metrics') return d.metrics;
  if (well === 'rows') return d.dimensions.slice(0, 1);
  if (well === 'columns') return d.dimensions.slice(1, 2);
  const f = (d.filters ?? {}) as Record<string, unknown>;
  return Object.keys(FILTERABLE).filter((id) => f[FILTERABLE[id]?.filter ?? ''] !== undefined);
}

/** Why the chart cannot draw this definition yet (null: it can); the server checks the rest. */
export function shapeProblem(d: ReportDefinition): string | null {
  if (d.metrics.length === 0) return 'Add a metric to see a preview.';
  const shape = SHAPES[d.visualization as Visualization];
  if (!shape) return null;
  const n = d.dimensions.length;
  if (n < shape.dimensions[0])
    return `A ${d.visualization.replace('_', ' ')} needs ${shape.dimensions[0]} dimension(s): drop one into Rows${shape.dimensions[0] > 1 ? ' and Columns' : ''}.`;
  if (n > shape.dimensions[1])
    return `A ${d.visualization} draws ${shape.dimensions[1]} dimension(s) at most.`;
  if (d.metrics.length > shape.metrics[1]) return `A ${d.visualization.replace('_', ' ')} draws one metric.`;
  return null;
}

/**
 * What the server is asked to run: filter values with empty lists dropped (an empty list is a filter
 * not chosen yet), and the sort dropped once its column left the report (the server would refuse it).
 */
export function runnable(d: ReportDefinition): ReportDefinition {
  const f = Object.fromEntries(
    Object.entries((d.filters ?? {}) as Record<string, unknown>).filter(
      ([, v]) => !Array.isArray(v) || v.length > 0,
    ),
  );
  const { sort, ...rest } = d;
  const sortable = sort && [...d.metrics, ...d.dimensions].includes(sort.by);
  return { ...rest, ...(sortable ? { sort } : {}), filters: f as ReportDefinition['filters'] };
}

export const EMPTY: ReportDefinition = { metrics: [], dimensions: [], filters: {}, visualization: 'table' };
