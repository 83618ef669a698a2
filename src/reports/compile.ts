/**
 * A report's figures as DuckDB SQL over the analytics replica: one grouping-sets query per metric
 * source (events, response pairs), each answering every row and the totals in one scan. Identifiers
 * come from the catalogue; every request value is a bound parameter (SqlParams).
 */

import type { Period } from '../analytics/params.js';
import { RESPONSE_WINDOW_MINUTES } from '../analytics/queries/get-response-medians.js';
import { responsePairsSql } from '../analytics/queries/list-response-pairs.js';
import { bucketKey } from '../analytics/replica/calendar-buckets.js';
import { eventConditions, type Selection } from '../analytics/replica/event-filters.js';
import { queryReplica } from '../analytics/replica/query.js';
import type { SqlParams } from '../analytics/replica/sql-params.js';
import type { Scope } from '../db/scope.js';
import { type DimensionId, dimensionDef, type MetricId, metricDef } from './catalogue.js';

export interface Plan {
  selection: Selection;
  period: Period;
  tz: string;
  dimensions: DimensionId[];
  /** Bucket starts of the period, when a dimension is a time bucket. */
  starts: Date[];
}

/** One row of figures: dimension keys (time buckets as ISO starts), `total` for the grand total. */
export interface FigureRow {
  total: boolean;
  keys: Array<string | null>;
  values: Record<string, number | null>;
}

type Raw = Record<string, unknown> & { g: number };

/** Key expressions (d0, d1) and the bucket decoders for time dimensions. */
function keyColumns(plan: Plan, p: SqlParams, source: 'events' | 'responses') {
  const decode: Array<(k: unknown) => string | null> = [];
  const columns = plan.dimensions.map((id, i) => {
    const def = dimensionDef(id);
    if (def.bucket) {
      const ts = source === 'events' ? 'e.ts_us' : 'x.asked_us';
      const b = bucketKey(ts, def.bucket, plan.tz, plan.period, plan.starts, p);
      decode.push((k) => (k === null ? null : b.toStart(Number(k)).toISOString()));
      return `${b.sql} as d${i}`;
    }
    decode.push((k) => (k === null ? null : String(k)));
    return `${source === 'events' ? def.events : def.responses} as d${i}`;
  });
  return { columns, decode };
}

const grouping = (n: number) =>
  n === 0
    ? { g: '0 as g', by: '' }
    : {
        g: `grouping(${[...Array(n).keys()].map((i) => `d${i}`).join(', ')}) as g`,
        by: `group by grouping sets ((${[...Array(n).keys()].map((i) => `d${i}`).join(', ')}), ())`,
      };

function decodeRows(
  rows: Raw[],
  n: number,
  metrics: MetricId[],
  decode: Array<(k: unknown) => string | null>,
) {
  return rows.map(
    (r): FigureRow => ({
      // With no dimension the only row is the total.
      total: n === 0 || Number(r.g) !== 0,
      keys: [...Array(n).keys()].map((i) => (Number(r.g) !== 0 ? null : (decode[i]?.(r[`d${i}`]) ?? null))),
      values: Object.fromEntries(metrics.map((m) => [m, r[m] === null ? null : Number(r[m])])),
    }),
  );
}

/** The events metrics per row and in total. */
export async function queryEventFigures(scope: Scope, plan: Plan, metrics: MetricId[]): Promise<FigureRow[]> {
  let decode: Array<(k: unknown) => string | null> = [];
  const rows = await queryReplica<Raw>(scope, async (p) => {
    const where = await eventConditions(scope, plan.selection, plan.period, p, 'e');
    const keys = keyColumns(plan, p, 'events');
    decode = keys.decode;
    const joins = new Set(plan.dimensions.map((d) => dimensionDef(d).join).filter(Boolean));
    // Bound only when used: DuckDB refuses a parameter the text does not name.
    const company = joins.size ? p.uuid(scope.companyId) : '';
    const join = [
      joins.has('users') ? `left join users u on u.company_id = ${company} and u.id = e.user_id` : '',
      joins.has('customers')
        ? `left join customers cu on cu.company_id = ${company} and cu.id = e.customer_id`
        : '',
    ].join(' ');
    const g = grouping(plan.dimensions.length);
    const aggs = metrics.map((m) => `${metricDef(m).sql(p)} as ${m}`);
    const inner = [
      ...keys.columns,
      'e.customer_id',
      'e.direction',
      'e.status',
      'e.outcome',
      'e.duration_minutes',
    ];
    return `select ${[...plan.dimensions.map((_, i) => `d${i}`), g.g, ...aggs].join(', ')}
      from (select ${inner.join(', ')} from events e ${join} where ${where}) x
      ${g.by}`;
  });
  return decodeRows(rows, plan.dimensions.length, metrics, decode);
}

/**
 * The response-time metrics per row and in total, over KPI 2's pairs (7-day window, calendar time):
 * rows by the inbound event's bucket, type and source, or by the responding user and team; an
 * unanswered inbound event has no responder, so it has no user or team row (as in KPI 2).
 */
export async function queryResponseFigures(
  scope: Scope,
  plan: Plan,
  metrics: MetricId[],
): Promise<FigureRow[]> {
  let decode: Array<(k: unknown) => string | null> = [];
  const rows = await queryReplica<Raw>(scope, async (p) => {
    const pairs = await responsePairsSql(scope, plan.selection, plan.period, RESPONSE_WINDOW_MINUTES, p);
    const keys = keyColumns(plan, p, 'responses');
    decode = keys.decode;
    const g = grouping(plan.dimensions.length);
    const aggs = metrics.map((m) => `${metricDef(m).sql(p)} as ${m}`);
    return `with q as (
        select ${[...keys.columns, 'x.replied_us - x.asked_us as us'].join(', ')}
        from (${pairs}) x
        left join users u on u.company_id = ${p.uuid(scope.companyId)} and u.id = x.reply_user_id)
      select ${[...plan.dimensions.map((_, i) => `d${i}`), g.g, ...aggs].join(', ')} from q ${g.by}`;
  });
  const responder = plan.dimensions.map((d) => d === 'user' || d === 'team');
  return decodeRows(rows, plan.dimensions.length, metrics, decode).filter(
    (r) => r.total || r.keys.every((k, i) => k !== null || !responder[i]),
  );
}
