/**
 * KPI 7, effectiveness: how activities turn out (event_data.outcome) per type, source and user, and
 * which activity types are followed by a conversion (a chosen outcome, default deal_won) within N days.
 */
import type { Scope } from '../../db/scope.js';
import { visibleCondition } from '../../visibility/replica-filter.js';
import type { ResolvedParams } from '../params.js';
import { eventConditions } from '../replica/event-filters.js';
import { US_PER_MS } from '../replica/local-time.js';
import { queryReplica } from '../replica/query.js';
import { ratio, SUCCESS_OUTCOMES } from './period-events.js';

export interface OutcomeGroup {
  key: string;
  /** Events in the group. */
  activities: number;
  /** Events with an event_data.outcome. */
  with_outcome: number;
  /** Events whose outcome is in the success set. */
  successes: number;
  /** successes ÷ with_outcome; null when no outcome was recorded. */
  success_rate: number | null;
  /** with_outcome ÷ activities. */
  outcome_coverage: number | null;
  by_outcome: Record<string, number>;
}

export interface ConversionRow {
  /** Activity type, or null for "any type". */
  type: string | null;
  customers: number;
  converted: number;
  rate: number | null;
}

type Dim = 'type' | 'source' | 'user';

/** Outcome counts per type, source and user, in one scan (grouping sets). */
export async function getOutcomeRates(scope: Scope, params: ResolvedParams, success = SUCCESS_OUTCOMES) {
  const rows = await queryReplica<{ g: number; key: string | null; outcome: string | null; n: number }>(
    scope,
    async (p) => {
      const where = await eventConditions(scope, params, params.period, p);
      return `select grouping(e.event_type, e.event_source, e.user_id) as g,
          coalesce(e.event_type, e.event_source, e.user_id::varchar) as key, e.outcome, count(*) as n
        from events e where ${where}
        group by grouping sets ((e.event_type, e.outcome), (e.event_source, e.outcome), (e.user_id, e.outcome))`;
    },
  );
  // grouping() bits: type=4, source=2, user=1; a bit is set when that column is NOT grouped.
  const dimOf: Record<number, Dim> = { 3: 'type', 5: 'source', 6: 'user' };
  const out: Record<Dim, Map<string, OutcomeGroup>> = { type: new Map(), source: new Map(), user: new Map() };
  const ok = new Set(success);
  for (const r of rows) {
    const dim = dimOf[r.g];
    if (!dim || r.key === null) continue;
    let g = out[dim].get(r.key);
    if (!g) {
      g = {
        key: r.key,
        activities: 0,
        with_outcome: 0,
        successes: 0,
        success_rate: null,
        outcome_coverage: null,
        by_outcome: {},
      };
      out[dim].set(r.key, g);
    }
    g.activities += r.n;
    if (r.outcome !== null) {
      g.with_outcome += r.n;
      g.by_outcome[r.outcome] = r.n;
      if (ok.has(r.outcome)) g.successes += r.n;
    }
  }
  const finish = (m: Map<string, OutcomeGroup>) =>
    [...m.values()]
      .map((g) => ({
        ...g,
        success_rate: ratio(g.successes, g.with_outcome),
        outcome_coverage: ratio(g.with_outcome, g.activities),
      }))
      .sort((a, b) => b.activities - a.activities || (a.key < b.key ? -1 : 1));
  return { by_type: finish(out.type), by_source: finish(out.source), by_user: finish(out.user) };
}

const DAY_US = 86_400_000 * US_PER_MS;

/**
 * Customer-level conversion per activity type: of the customers with at least one activity of type T
 * in the period (matching the filters), the share who have an event with outcome `outcome` at or after
 * such an activity and less than `withinDays` × 24 h after it. The converting event is any live event
 * of the customer (it need not match the filters nor lie in the period: a win after the period still
 * follows an activity inside it).
 *
 * Without a join per activity: time is cut into windows of N = `withinDays` days from the period's
 * start. An activity a in window b is converted exactly when the latest win of window b is at or after
 * a, or the earliest win of window b + 1 is before a + N (a win of window b is < a + N, one of b + 1 is
 * > a, later ones are ≥ a + N, earlier ones < a). So per (customer, type, window) the earliest activity
 * (for the first test) and the latest (for the second) decide, and per (customer, window) the earliest
 * and latest win: two equality joins on small aggregates instead of an ASOF join of every activity
 * (several times slower). Only customers with a win are aggregated by window.
 */
export async function getConversion(
  scope: Scope,
  params: ResolvedParams,
  outcome = 'deal_won',
  withinDays = 30,
): Promise<ConversionRow[]> {
  const rows = await queryReplica<{ kind: 'cohort' | 'converted'; type: string | null; n: number }>(
    scope,
    async (p) => {
      const where = await eventConditions(scope, params, params.period, p);
      const from = p.int(params.period.from.getTime() * US_PER_MS);
      const to = p.int(params.period.to.getTime() * US_PER_MS);
      const n = p.int(withinDays * DAY_US);
      // A win counts only when the viewer may see it (the filters apply to the activities alone).
      const company = p.uuid(scope.companyId);
      const visibleWin = visibleCondition(params.visible.rows, p, 'w', company);
      return `with wins as materialized (
          select w.customer_id, (w.ts_us - ${from}) // ${n} as b, min(w.ts_us) as lo, max(w.ts_us) as hi
          from events w
          where w.company_id = ${company} and w.outcome = ${p.text(outcome)} ${visibleWin ? `and ${visibleWin}` : ''}
            and w.ts_us >= ${from} and w.ts_us < ${to} + ${n}
          group by all),
        acts as (
          select e.customer_id, e.event_type, (e.ts_us - ${from}) // ${n} as b, min(e.ts_us) as lo, max(e.ts_us) as hi
          from events e where ${where} and e.customer_id in (select customer_id from wins)
          group by all),
        conv as (
          select a.event_type, a.customer_id from acts a
          left join wins w0 on w0.customer_id = a.customer_id and w0.b = a.b
          left join wins w1 on w1.customer_id = a.customer_id and w1.b = a.b + 1
          where a.lo <= w0.hi or w1.lo < a.hi + ${n}
          group by all),
        cohort as (select e.event_type, e.customer_id from events e where ${where} group by all)
        select 'cohort' as kind, event_type as type, count(*) as n from cohort group by event_type
        union all select 'converted', event_type, count(*) from conv group by event_type
        union all select 'cohort', null, count(distinct customer_id) from cohort
        union all select 'converted', null, count(distinct customer_id) from conv`;
    },
  );
  const converted = new Map(rows.filter((r) => r.kind === 'converted').map((r) => [r.type, r.n]));
  return rows
    .filter((r) => r.kind === 'cohort')
    .map((r) => {
      const c = converted.get(r.type) ?? 0;
      return { type: r.type, customers: r.n, converted: c, rate: ratio(c, r.n) };
    })
    .sort((a, b) => (a.type === null ? 1 : b.type === null ? -1 : a.type < b.type ? -1 : 1));
}
