/**
 * What a report can compute: every metric and dimension, typed, with the SQL (over the analytics
 * replica) it compiles to. Identifiers in report SQL come only from here; values are bound.
 *
 * Two sources: `events` metrics aggregate the period's events matching the filters (subquery alias
 * `x`); `responses` metrics aggregate KPI 2's response pairs (inbound event → first reply within
 * 7 days, analytics/queries/list-response-pairs.ts), broken down by the inbound event's bucket, type
 * and source or the responding user and team, as /analytics/response-times does. Dimensions without
 * a `responses` key cannot break response times down: that pair is incompatible (400).
 */

import { SUCCESS_OUTCOMES } from '../analytics/queries/period-events.js';
import type { SqlParams } from '../analytics/replica/sql-params.js';
import type { TimelineFilters } from '../events/filters.js';
import type { Bucket } from '../time/zones.js';

export type ColumnType = 'text' | 'number' | 'datetime' | 'duration' | 'percent';

export interface MetricDef {
  label: string;
  description: string;
  /** percent: a fraction 0–1; duration: in `unit`. */
  type: 'number' | 'duration' | 'percent';
  unit: 'events' | 'customers' | 'minutes' | 'fraction';
  source: 'events' | 'responses';
  /** A count (0 for an empty slice) rather than a statistic (null for an empty slice). */
  additive: boolean;
  /** The aggregate over the events subquery `x` (events) or the pairs `q` (responses). */
  sql: (p: SqlParams) => string;
}

const count = (where: string) => `count(*) filter (where ${where})`;
const successes = (p: SqlParams) =>
  `count(*) filter (where list_contains(${p.texts(SUCCESS_OUTCOMES)}, x.outcome))`;
const minutes = (us: string) => `(${us}) / 60000000.0`;

export const METRICS = {
  activities: {
    label: 'Activities',
    description: 'Non-deleted events in the period matching the filters.',
    type: 'number',
    unit: 'events',
    source: 'events',
    additive: true,
    sql: () => 'count(*)',
  },
  inbound: {
    label: 'Inbound',
    description: 'Activities with direction inbound.',
    type: 'number',
    unit: 'events',
    source: 'events',
    additive: true,
    sql: () => count(`x.direction = 'inbound'`),
  },
  outbound: {
    label: 'Outbound',
    description: 'Activities with direction outbound.',
    type: 'number',
    unit: 'events',
    source: 'events',
    additive: true,
    sql: () => count(`x.direction = 'outbound'`),
  },
  customers: {
    label: 'Customers',
    description: 'Distinct customers of the activities.',
    type: 'number',
    unit: 'customers',
    source: 'events',
    additive: true,
    sql: () => 'count(distinct x.customer_id)',
  },
  completed: {
    label: 'Completed',
    description: 'Activities with status completed.',
    type: 'number',
    unit: 'events',
    source: 'events',
    additive: true,
    sql: () => count(`x.status = 'completed'`),
  },
  completion_rate: {
    label: 'Completion rate',
    description: 'Completed ÷ activities.',
    type: 'percent',
    unit: 'fraction',
    source: 'events',
    additive: false,
    sql: () => `${count(`x.status = 'completed'`)} / nullif(count(*), 0)::double`,
  },
  with_outcome: {
    label: 'With outcome',
    description: 'Activities with an event_data.outcome.',
    type: 'number',
    unit: 'events',
    source: 'events',
    additive: true,
    sql: () => 'count(x.outcome)',
  },
  successes: {
    label: 'Successes',
    description: `Activities whose outcome is a success (${SUCCESS_OUTCOMES.join(', ')}), as KPI 7 counts them.`,
    type: 'number',
    unit: 'events',
    source: 'events',
    additive: true,
    sql: successes,
  },
  success_rate: {
    label: 'Success rate',
    description: 'Successes ÷ activities with an outcome (KPI 7, effectiveness); null without outcomes.',
    type: 'percent',
    unit: 'fraction',
    source: 'events',
    additive: false,
    sql: (p) => `${successes(p)} / nullif(count(x.outcome), 0)::double`,
  },
  total_duration: {
    label: 'Total duration',
    description: 'Sum of duration_minutes.',
    type: 'duration',
    unit: 'minutes',
    source: 'events',
    additive: true,
    sql: () => 'coalesce(sum(x.duration_minutes), 0)',
  },
  avg_duration: {
    label: 'Average duration',
    description: 'Mean duration_minutes of the activities that have one.',
    type: 'duration',
    unit: 'minutes',
    source: 'events',
    additive: false,
    sql: () => 'avg(x.duration_minutes)',
  },
  median_duration: {
    label: 'Median duration',
    description:
      'Median duration_minutes (interpolated, like percentile_cont) of the activities that have one.',
    type: 'duration',
    unit: 'minutes',
    source: 'events',
    additive: false,
    sql: () => 'quantile_cont(x.duration_minutes, 0.5)',
  },
  first_response_median: {
    label: 'First response (median)',
    description:
      'Median minutes from an inbound event to its first reply within 7 days (KPI 2, calendar time).',
    type: 'duration',
    unit: 'minutes',
    source: 'responses',
    additive: false,
    sql: () => `quantile_cont(${minutes('q.us')}, 0.5)`,
  },
  first_response_p90: {
    label: 'First response (p90)',
    description: '90th percentile of the same response minutes (KPI 2, calendar time).',
    type: 'duration',
    unit: 'minutes',
    source: 'responses',
    additive: false,
    sql: () => `quantile_cont(${minutes('q.us')}, 0.9)`,
  },
} satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof METRICS;

export interface DimensionDef {
  label: string;
  /** Calendar bucket in the request's zone (gap-filled), or a category. */
  bucket?: Bucket;
  /** Key expression over the event `e`, its owner `u` (users) and customer `cu` (customers). */
  events?: string;
  join?: 'users' | 'customers';
  /** Key expression over a response pair `x` and the responding user `u`; absent: incompatible. */
  responses?: string;
  /** The timeline filter a slice of this dimension drills down to (none: not drillable). */
  filter?: keyof Omit<TimelineFilters, 'from' | 'to'>;
  /** Values that stand for "none" and cannot be drilled into. */
  unknown?: string;
}

const time = (bucket: Bucket, label: string): DimensionDef => ({ label, bucket });

export const DIMENSIONS = {
  hour: time('hour', 'Hour'),
  day: time('day', 'Day'),
  week: time('week', 'Week'),
  month: time('month', 'Month'),
  type: { label: 'Type', events: 'e.event_type', responses: 'x.event_type', filter: 'type' },
  source: { label: 'Source', events: 'e.event_source', responses: 'x.event_source', filter: 'source' },
  direction: {
    label: 'Direction',
    events: `coalesce(e.direction, 'unknown')`,
    filter: 'direction',
    unknown: 'unknown',
  },
  outcome: { label: 'Outcome', events: `coalesce(e.outcome, 'none')` },
  status: { label: 'Status', events: 'e.status', filter: 'status' },
  priority: { label: 'Priority', events: 'e.priority', filter: 'priority' },
  user: {
    label: 'User',
    events: 'e.user_id::varchar',
    responses: 'x.reply_user_id::varchar',
    filter: 'user_id',
  },
  team: {
    label: 'Team',
    events: `coalesce(u.team_id::varchar, 'unknown')`,
    join: 'users',
    responses: `case when x.reply_user_id is not null then coalesce(u.team_id::varchar, 'unknown') end`,
    filter: 'team_id',
    unknown: 'unknown',
  },
  segment: {
    label: 'Segment',
    events: `coalesce(cu.segment, 'unknown')`,
    join: 'customers',
    filter: 'segment',
    unknown: 'unknown',
  },
} satisfies Record<string, DimensionDef>;

export type DimensionId = keyof typeof DIMENSIONS;

export const VISUALIZATIONS = ['table', 'line', 'bar', 'stacked_bar', 'pie', 'heatmap'] as const;
export type Visualization = (typeof VISUALIZATIONS)[number];

/** How many dimensions and metrics each visualization can draw. */
export const SHAPES: Record<Visualization, { dimensions: [number, number]; metrics: [number, number] }> = {
  table: { dimensions: [0, 2], metrics: [1, 12] },
  line: { dimensions: [1, 2], metrics: [1, 12] },
  bar: { dimensions: [1, 2], metrics: [1, 12] },
  stacked_bar: { dimensions: [2, 2], metrics: [1, 1] },
  pie: { dimensions: [1, 1], metrics: [1, 1] },
  heatmap: { dimensions: [2, 2], metrics: [1, 1] },
};

export const isMetric = (id: string): id is MetricId => Object.hasOwn(METRICS, id);
export const isDimension = (id: string): id is DimensionId => Object.hasOwn(DIMENSIONS, id);
export const metricDef = (id: MetricId): MetricDef => METRICS[id];
export const dimensionDef = (id: DimensionId): DimensionDef => DIMENSIONS[id];
