/**
 * The shared question behind volume charts: events (or duration minutes) per calendar bucket in a
 * zone × one dimension, with totals. Answered from the rollups' day and hour rows where
 * planRollupRead allows, and from raw events for the rest; the parts add up per bucket.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import { applyEventFilters } from '../../events/queries/filter-events.js';
import type { Bucket } from '../../time/zones.js';
import type { Period, ResolvedParams } from '../params.js';
import {
  type LocalDaySplit,
  planRollupRead,
  ROLLUP_TABLES,
  type RollupFamily,
} from '../rollups/choose-rollup.js';
import { listBucketStarts } from './list-bucket-starts.js';

export const DIMENSIONS = [
  'none',
  'type',
  'source',
  'user',
  'team',
  'segment',
  'direction',
  'priority',
  'status',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const METRICS = ['events', 'duration_minutes'] as const;
export type Metric = (typeof METRICS)[number];
/** Metrics for internal use besides the API's: scheduled events due at their own timestamp. */
type AnyMetric = Metric | 'scheduled';
/** Dimensions for internal use besides the API's: segment × type (channel mix), keyed by segmentTypeKey. */
type AnyDimension = Dimension | 'segment_type';
const SEPARATOR = '\u001f'; // unit separator: in no segment name a CRM sends, and in no type
/** Splits a 'segment_type' key: the type is after the last separator. */
export function splitSegmentType(key: string): { segment: string; type: string } {
  const at = key.lastIndexOf(SEPARATOR);
  return { segment: key.slice(0, at), type: key.slice(at + 1) };
}

export interface BucketCounts {
  /** Where the figures came from: a rollup (whole days) plus raw events (partial days), or raw only. */
  answeredFrom: 'rollup' | 'raw';
  buckets: Array<{ start: Date; total: number; by: Record<string, number> }>;
  total: number;
  by: Record<string, number>;
}

type Row = { start: Date | string; key: string | null; n: number | string };
type Q = Pick<ResolvedParams, 'filters' | 'bucket' | 'tz'>;

/** The dimension's value per raw event; null fields are reported as 'unknown'. */
const RAW_KEY: Record<AnyDimension, ReturnType<typeof sql>> = {
  none: sql`null::text`,
  type: sql`e.event_type`,
  source: sql`e.event_source`,
  user: sql`e.user_id::text`,
  team: sql`coalesce(u.team_id::text, 'unknown')`,
  segment: sql`coalesce(c.segment, 'unknown')`,
  segment_type: sql`coalesce(c.segment, 'unknown') || chr(31) || e.event_type`,
  direction: sql`coalesce(e.direction, 'unknown')`,
  priority: sql`e.priority`,
  status: sql`e.status`,
};

const RAW_VALUE: Record<AnyMetric, ReturnType<typeof sql>> = {
  events: sql`count(*)`,
  duration_minutes: sql`coalesce(sum(e.duration_minutes), 0)`,
  scheduled: sql`count(*) filter (where e.status = 'scheduled' and not (e.event_data ? 'due_at'))`,
};

async function countRaw(scope: Scope, q: Q, ranges: Period[], dimension: AnyDimension, metric: AnyMetric) {
  if (ranges.length === 0) return [];
  const value = RAW_VALUE[metric];
  const inRanges = sql.join(
    ranges.map((r) => sql`(e.event_timestamp >= ${r.from} and e.event_timestamp < ${r.to})`),
    sql` or `,
  );
  // The joins are on primary keys and unused unless the dimension needs them: PostgreSQL drops them.
  const rows = await applyEventFilters(
    scope.db.selectFrom('crm_activity_events as e'),
    scope.companyId,
    q.filters,
  )
    .leftJoin('users as u', (j) =>
      j.onRef('u.company_id', '=', 'e.company_id').onRef('u.id', '=', 'e.user_id'),
    )
    .leftJoin('customers as c', (j) =>
      j.onRef('c.company_id', '=', 'e.company_id').onRef('c.id', '=', 'e.customer_id'),
    )
    .where(sql<boolean>`(${inRanges})`)
    .select([
      sql<Date>`date_trunc(${q.bucket}, e.event_timestamp, ${q.tz})`.as('start'),
      sql<string | null>`${RAW_KEY[dimension]}`.as('key'),
      sql<number>`${value}::bigint`.as('n'),
    ])
    .groupBy([sql`1`, sql`2`])
    .execute();
  return rows as Row[];
}

const ROLLUP_KEY: Record<string, ReturnType<typeof sql>> = {
  none: sql`null::text`,
  type: sql`r.event_type`,
  source: sql`r.event_source`,
  direction: sql`r.direction`,
  segment: sql`r.segment`,
  segment_type: sql`r.segment || chr(31) || r.event_type`,
  user: sql`r.user_id::text`,
  team: sql`coalesce(u.team_id::text, 'unknown')`,
};

/** Conditions on a rollup row `r` for the filters (planRollupRead checked the family keeps them). */
function rollupConditions(scope: Scope, q: Q) {
  const f = q.filters;
  const conds = [sql`r.company_id = ${scope.companyId}::uuid`];
  if (f.type?.length) conds.push(sql`r.event_type in (${sql.join(f.type)})`);
  if (f.source?.length) conds.push(sql`r.event_source in (${sql.join(f.source)})`);
  if (f.direction?.length) conds.push(sql`r.direction in (${sql.join(f.direction)})`);
  if (f.segment?.length) conds.push(sql`r.segment in (${sql.join(f.segment)})`);
  if (f.user_id?.length) conds.push(sql`r.user_id in (${sql.join(f.user_id)})`);
  if (f.team_id?.length) {
    conds.push(sql`r.user_id in (select id from users where company_id = ${scope.companyId}::uuid
      and team_id in (${sql.join(f.team_id)}))`);
  }
  return conds;
}

async function countRollup(
  scope: Scope,
  q: Q,
  family: RollupFamily,
  part: { days: NonNullable<LocalDaySplit['days']> } | { hours: Period[] },
  dimension: AnyDimension,
  metric: AnyMetric,
) {
  const conds = rollupConditions(scope, q);
  let table: string;
  let start: ReturnType<typeof sql>;
  if ('days' in part) {
    table = ROLLUP_TABLES[family].day;
    conds.push(sql`r.day >= ${part.days.firstDay}::date`, sql`r.day < ${part.days.endDay}::date`);
    // A rollup day is a local date: its bucket is that date truncated, as local midnight in the zone.
    start = sql`(date_trunc(${q.bucket}, r.day::timestamp) at time zone ${q.tz})`;
  } else {
    if (part.hours.length === 0) return [];
    table = ROLLUP_TABLES[family].hour;
    const inRanges = sql.join(
      part.hours.map((h) => sql`(r.hour >= ${h.from} and r.hour < ${h.to})`),
      sql` or `,
    );
    conds.push(sql`(${inRanges})`);
    start = sql`date_trunc(${q.bucket}, r.hour, ${q.tz})`;
  }
  const join =
    dimension === 'team' ? sql`left join users u on u.company_id = r.company_id and u.id = r.user_id` : sql``;
  const { rows } = await sql<Row>`
    select ${start} as start, ${ROLLUP_KEY[dimension]} as key, sum(r.${sql.ref(metric)})::bigint as n
    from ${sql.table(table)} r ${join}
    where ${sql.join(conds, sql` and `)}
    group by 1, 2`.execute(scope.db);
  return rows;
}

/** Counts per bucket × dimension over `period`, every bucket of the period present (zeros included). */
export async function countByBucket(
  scope: Scope,
  q: Q,
  period: Period,
  dimension: AnyDimension,
  metric: AnyMetric = 'events',
  /** 'raw' skips the rollups (tests compare both answers). */
  answerFrom: 'auto' | 'raw' = 'auto',
): Promise<BucketCounts> {
  const starts = await listBucketStarts(scope, period, q.bucket, q.tz);
  const plan =
    answerFrom === 'raw'
      ? { family: null, days: null, hours: [], raw: [period] }
      : await planRollupRead(scope, q, period, dimension, starts);
  const { family, days, hours } = plan;
  const parts = await Promise.all([
    family && days ? countRollup(scope, q, family, { days }, dimension, metric) : [],
    family ? countRollup(scope, q, family, { hours }, dimension, metric) : [],
    countRaw(scope, q, plan.raw, dimension, metric),
  ]);
  return assemble(starts, parts.flat(), family ? 'rollup' : 'raw');
}

function assemble(starts: Date[], rows: Row[], answeredFrom: BucketCounts['answeredFrom']): BucketCounts {
  const byStart = new Map(
    starts.map((s) => [s.getTime(), { start: s, total: 0, by: {} as Record<string, number> }]),
  );
  const by: Record<string, number> = {};
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (n === 0) continue;
    const t = new Date(r.start).getTime();
    let b = byStart.get(t);
    if (!b) {
      // Defensive: a bucket the series missed (e.g. a zone whose midnight is skipped by DST).
      b = { start: new Date(t), total: 0, by: {} };
      byStart.set(t, b);
    }
    b.total += n;
    total += n;
    if (r.key !== null) {
      b.by[r.key] = (b.by[r.key] ?? 0) + n;
      by[r.key] = (by[r.key] ?? 0) + n;
    }
  }
  const buckets = [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
  return { answeredFrom, buckets, total, by };
}

export type { Bucket };
