/**
 * The floors under the analytics targets: single DuckDB statements over the replica doing only the
 * work a KPI cannot avoid (read the window; sort it by customer and time once; distinct customers
 * per user; first reply by an ASOF join; engagement's per-customer decayed sums; the median gap
 * between a customer's consecutive events; productivity's figures, pairs and reply medians), 90 days
 * and 12 months, median of 5. When a KPI misses its target, its floor says how much of the time no
 * rewrite of its SQL can remove.
 * A section of `npm run bench` (`--only floors`).
 */
import type { BenchContext } from './lib/context.js';
import { ensureReplica } from './lib/replica.js';
import { percentile } from './lib/stats.js';

const DAY_US = 86_400_000_000;
/** Engagement's decay per µs at its default half-life (30 days): w = exp(DECAY · age). */
const DECAY = -Math.LN2 / (30 * DAY_US);

/** Label and statement, given the window's condition on `e` and its start and end (epoch µs). */
const FLOORS: Array<[string, (w: string, from: number, to: number) => string]> = [
  [
    'read the window once (count, sum of a column)',
    (w) => `select count(*), sum(duration_minutes) from events e where ${w}`,
  ],
  [
    'sort the window by customer and time once (lag): journeys, gaps',
    (w) =>
      `select count(prev) from (select lag(ts_us) over (partition by customer_id order by ts_us, id) as prev from events e where ${w})`,
  ],
  [
    'distinct customers per user: productivity',
    (w) => `select user_id, count(distinct customer_id) from events e where ${w} group by 1`,
  ],
  [
    'first reply per inbound by ASOF join: response times',
    (
      w,
    ) => `select count(o.ts_us) from (select customer_id, ts_us from events e where ${w} and direction = 'inbound') i
      asof left join (select customer_id, ts_us from events e where ${w} and direction = 'outbound') o
      on i.customer_id = o.customer_id and o.ts_us > i.ts_us`,
  ],
  [
    // KPI 3: one row per customer with the sums its score needs (one period; the dashboards ask
    // two). Every sum is read above, or DuckDB drops the aggregates nothing reads.
    'per-customer decayed sums, one period: engagement',
    (
      w,
      _from,
      to,
    ) => `select count(*), sum(sw + sw_in + sw_sent + sv_sent + sw_score + sv_score + dirs + n + last_us) from (select customer_id, bit_or(dir) as dirs, count(*) as n,
        max(ts_us) as last_us, sum(wt) as sw, sum(wt) filter (where dir = 1) as sw_in,
        sum(wt) filter (where sentiment is not null) as sw_sent,
        sum(wt * case sentiment when 'positive' then 1 when 'negative' then 0 else 0.5 end)
          filter (where sentiment is not null) as sv_sent,
        sum(wt) filter (where engagement_score is not null) as sw_score, sum(wt * engagement_score) as sv_score
      from (select customer_id, ts_us, sentiment, engagement_score,
          case direction when 'inbound' then 1 when 'outbound' then 2 else 0 end as dir,
          exp(${DECAY} * (${to} - ts_us)) as wt from events e where ${w})
      group by customer_id)`,
  ],
  [
    // KPI 4's interaction gaps from the kept previous instants: exact medians per segment and overall.
    'median gap between consecutive events (kept facts), per segment and overall: patterns',
    (w, from) => `select segment, median(gap) from (select coalesce(c.segment, 'unknown') as segment,
        e.ts_us - e.prev_us as gap from events e
        left join customers c on c.company_id = e.company_id and c.id = e.customer_id
        where ${w} and e.prev_us >= ${from}) x
      group by grouping sets ((segment), ())`,
  ],
  [
    // KPI 5 at its least: its figures per (user, type, outcome), distinct customers per user and in
    // all (from the (user, customer) pairs), and each replying user's median first-reply time (kept
    // facts). Every aggregate is read, or DuckDB drops it.
    'figures, distinct customers and reply medians per user: productivity',
    (w) => `with pairs as materialized (select user_id, customer_id from events e where ${w} group by all)
      select (select sum(n + d + c) from (select user_id, event_type, outcome, count(*) as n,
          coalesce(sum(duration_minutes), 0) as d, count(*) filter (where status = 'completed') as c
          from events e where ${w} group by all)),
        (select sum(n) from (select user_id, count(*) as n from pairs group by 1)),
        (select count(distinct customer_id) from pairs),
        (select sum(m) from (select reply_user_id, median(reply_us - ts_us) as m from events e
          where ${w} and direction = 'inbound' and reply_us is not null group by 1))`,
  ],
];

export async function benchFloors(ctx: BenchContext): Promise<void> {
  await ensureReplica(ctx);
  const replica = ctx.server.replica?.replica;
  if (!replica) throw new Error('no replica');
  const now = Date.now() * 1000;
  for (const days of [90, 365]) {
    const from = now - days * DAY_US;
    const w = `e.company_id = '${ctx.dataset.companyId}'::uuid and e.ts_us >= ${from} and e.ts_us < ${now}`;
    for (const [label, sql] of FLOORS) {
      const samples: number[] = [];
      await replica.read(sql(w, from, now)); // warm-up
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await replica.read(sql(w, from, now));
        samples.push(performance.now() - t);
      }
      const span = days === 90 ? '90 days' : '12 months';
      ctx.results.add({
        section: 'floors',
        measure: `${label}, ${span}`,
        engine: ctx.engine,
        value: percentile(samples, 50),
        unit: 'ms',
      });
      ctx.log(`  floor ${label}, ${span}: ${percentile(samples, 50).toFixed(0)} ms`);
    }
  }
}
