/**
 * A dashboard bundle's shared scan of one period. Volume by the bundle's dimension and by source
 * (KPI 1), outcome rates (KPI 7) and productivity (KPI 5; for the previous period only its
 * activities) each read the same events of the same period with the same filters: one GROUPING SETS
 * statement per period serves them all, so a bundle reads its period once and the previous period
 * once instead of six and four times. The rows come out in the shapes of those KPIs' own statements
 * and go through their code (assemble, groupOutcomes, the productivity rows, sumActivities), so a
 * tile equals its endpoint (dashboards.test.ts compares them). The KPI endpoints keep their own
 * smaller statements.
 */
import type { Scope } from '../../db/scope.js';
import type { Bucket } from '../../time/zones.js';
import type { Period, ResolvedParams } from '../params.js';
import { bucketKey } from '../replica/calendar-buckets.js';
import { eventConditions } from '../replica/event-filters.js';
import { queryReplica } from '../replica/query.js';
import type { SqlParams } from '../replica/sql-params.js';
import { assemble, type BucketCounts, type Dimension } from './count-by-bucket.js';
import { groupOutcomes, type OutcomeRates, type OutcomeRow } from './get-effectiveness.js';
import {
  type Activities,
  type ActivityRow,
  type ProductivityRow,
  productivityOutputs,
  sumActivities,
} from './get-team-productivity.js';
import { listBucketStarts } from './list-bucket-starts.js';
import { SUCCESS_OUTCOMES } from './period-events.js';

/** The volume dimensions a bundle shows, and their column. */
export type VolumeDimension = 'type' | 'source' | 'user';
const COLUMN: Record<VolumeDimension, string> = {
  type: 'event_type',
  source: 'event_source',
  user: 'user_id',
};

/**
 * grouping(k, event_type, event_source, user_id, outcome, customer_id) of each set: a bit is set
 * when that column is NOT grouped (k = 32 … customer_id = 1).
 */
const SET = {
  volume: { type: 15, source: 23, user: 27 } satisfies Record<VolumeDimension, number>,
  figures: 41, // (user_id, event_type, outcome): productivity's figures, outcome rates per type and user
  sources: 53, // (event_source, outcome): outcome rates per source
  pairs: 58, // (user_id, customer_id): productivity's distinct customers
};

/** Productivity's row shape with the volume and outcome-rate columns beside it. */
interface Row extends Omit<ProductivityRow, 'kind'> {
  kind: 'volume' | 'outcome' | 'activities' | ProductivityRow['kind'];
  /** volume: the set; outcome: the grouping of getOutcomeRates (3 type, 5 source, 6 user). */
  g: number | null;
  k: number | null;
  key: string | null;
}

interface Scanned {
  volume: Map<VolumeDimension, BucketCounts>;
  outcomes: OutcomeRow[];
  activities: ActivityRow[];
  productivity: ProductivityRow[] | null;
}

/** Productivity's full figures are read for the bundle's own period; the previous needs activities. */
async function scan(
  scope: Scope,
  params: ResolvedParams,
  period: Period,
  dims: VolumeDimension[],
): Promise<Scanned> {
  const full = period === params.period;
  const starts = await listBucketStarts(scope, period, params.bucket, params.tz);
  let toStart: (key: number) => Date = () => period.from;
  const rows = await queryReplica<Row>(scope, async (p) => {
    const where = await eventConditions(scope, params, period, p);
    const bucket = bucketKey('e.ts_us', params.bucket as Bucket, params.tz, period, starts, p);
    toStart = bucket.toStart;
    const sets = [
      ...dims.map((d) => `(k, ${COLUMN[d]})`),
      '(user_id, event_type, outcome)',
      '(event_source, outcome)',
      ...(full ? ['(user_id, customer_id)'] : []),
    ];
    const volumeSets = dims.map((d) => SET.volume[d]).join(', ');
    // grouping() takes grouped columns only: without the pairs, customer_id's bit is always set.
    const grouping = full
      ? 'grouping(k, event_type, event_source, user_id, outcome, customer_id)'
      : 'grouping(k, event_type, event_source, user_id, outcome) * 2 + 1';
    return `with x as materialized (
        select ${grouping} as g,
          k, event_type, event_source, user_id, outcome${full ? ', customer_id' : ''}, count(*) as n,
          coalesce(sum(duration_minutes), 0)::bigint as duration,
          count(*) filter (where status = 'completed') as completed
        from (select ${bucket.sql} as k, e.event_type, e.event_source, e.user_id, e.outcome, e.customer_id,
                e.duration_minutes, e.status
              from events e where ${where})
        group by grouping sets (${sets.join(', ')})),
      figures as (select user_id, event_type, outcome, n, duration, completed from x where g = ${SET.figures})
      ${full ? productivityPart(scope, params, p) : ''}
      select 'volume' as kind, g, k, coalesce(event_type, event_source, user_id::varchar) as key,
        null::varchar as user_id, null::varchar as team_id, null::varchar as event_type, null::varchar as outcome,
        n, 0::bigint as duration, 0::bigint as completed
      from x where g in (${volumeSets})
      union all
      select 'outcome', 3, null, event_type, null, null, null, outcome, sum(n)::bigint, 0, 0
      from figures group by event_type, outcome
      union all
      select 'outcome', 6, null, user_id::varchar, null, null, null, outcome, sum(n)::bigint, 0, 0
      from figures group by user_id, outcome
      union all
      select 'outcome', 5, null, event_source, null, null, null, outcome, n, 0, 0 from x where g = ${SET.sources}
      union all
      ${full ? 'select kind, null, null, null, user_id, team_id, event_type, outcome, n, duration, completed from productivity' : activitiesPart(scope, p)}`;
  });
  const volume = new Map<VolumeDimension, BucketCounts>();
  for (const d of dims) {
    const of = rows.filter((r) => r.kind === 'volume' && r.g === SET.volume[d]);
    volume.set(
      d,
      assemble(
        starts,
        of.map((r) => ({ start: toStart(Number(r.k)), key: r.key, n: r.n })),
      ),
    );
  }
  return {
    volume,
    outcomes: rows.filter((r) => r.kind === 'outcome') as OutcomeRow[],
    activities: rows.filter((r) => r.kind === 'activities'),
    productivity: full ? rows.filter((r) => !['volume', 'outcome', 'activities'].includes(r.kind)) : null,
  } as Scanned;
}

/** Productivity's rows over the scan's aggregates (its `pairs` are a grouping set here). */
function productivityPart(scope: Scope, params: ResolvedParams, p: SqlParams) {
  const out = productivityOutputs(scope, params, p);
  return `, pairs as (select user_id, customer_id from x where g = ${SET.pairs}),
    ${out.seen},
    productivity as (${out.rows})`;
}

/** Activities per user with the user's current team, as countActivities reads them. */
function activitiesPart(scope: Scope, p: SqlParams) {
  return `select 'activities', null, null, null, a.user_id::varchar, u.team_id::varchar, null, null, a.n, 0, 0
    from (select user_id, sum(n)::bigint as n from figures group by user_id) a
    left join users u on u.company_id = ${p.uuid(scope.companyId)} and u.id = a.user_id`;
}

/**
 * The figures of a bundle's request: each period scanned once, on first use, for the volume
 * dimensions `dims`. Its readers have the signatures of the KPI functions they stand in for.
 */
export function scanWindows(scope: Scope, params: ResolvedParams, dims: VolumeDimension[]) {
  const scans = new Map<Period, Promise<Scanned>>();
  const at = (period: Period) => {
    const known = period === params.period || period === params.previous;
    if (!known) throw new Error('scanWindows: a period other than the bundle’s or its previous one');
    let s = scans.get(period);
    if (!s) {
      s = scan(scope, params, period, dims);
      scans.set(period, s);
    }
    return s;
  };
  return {
    countByBucket: async (_s: Scope, _q: unknown, period: Period, dimension: Dimension) => {
      const counts = (await at(period)).volume.get(dimension as VolumeDimension);
      if (!counts) throw new Error(`scanWindows: volume by ${dimension} was not scanned`);
      return counts;
    },
    getOutcomeRates: async (
      _s: Scope,
      q: ResolvedParams,
      success = SUCCESS_OUTCOMES,
    ): Promise<OutcomeRates> => groupOutcomes((await at(q.period)).outcomes, success),
    productivityRows: async (_s: Scope, q: ResolvedParams): Promise<ProductivityRow[]> => {
      const rows = (await at(q.period)).productivity;
      if (!rows) throw new Error('scanWindows: productivity is read for the bundle’s own period');
      return rows;
    },
    countActivities: async (_s: Scope, _q: ResolvedParams, period: Period): Promise<Activities> =>
      sumActivities((await at(period)).activities),
  };
}

export type WindowScans = ReturnType<typeof scanWindows>;
