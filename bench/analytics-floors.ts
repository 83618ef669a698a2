/**
 * The floors under the analytics targets: single DuckDB statements over the replica doing only the
 * work a KPI cannot avoid (read the window; sort it by customer and time once; distinct customers
 * per user; first reply by an ASOF join; engagement's per-customer decayed sums; the median gap
 * between a customer's consecutive events; productivity's figures, pairs and reply medians), and
 * per dashboard bundle its sections' floors in one statement; 90 days and 12 months, median of 5.
 * When a KPI or bundle misses its target, its floor says how much of the time no rewrite of its SQL
 * can remove.
 * A section of `npm run bench` (`--only floors`).
 */
import type { BenchContext } from './lib/context.js';
import { ensureReplica } from './lib/replica.js';
import { percentile } from './lib/stats.js';

const DAY_US = 86_400_000_000;
/** Engagement's decay per µs at its default half-life (30 days): w = exp(DECAY · age). */
const DECAY = -Math.LN2 / (30 * DAY_US);

/**
 * KPI 3: one row per customer with the sums its score needs, for one period. Every sum is read
 * above, or DuckDB drops the aggregates nothing reads.
 */
function engagementFloor(w: string, to: number): string {
  return `select count(*), sum(sw + sw_in + sw_sent + sv_sent + sw_score + sv_score + dirs + n + last_us) from (select customer_id, bit_or(dir) as dirs, count(*) as n,
        max(ts_us) as last_us, sum(wt) as sw, sum(wt) filter (where dir = 1) as sw_in,
        sum(wt) filter (where sentiment is not null) as sw_sent,
        sum(wt * case sentiment when 'positive' then 1 when 'negative' then 0 else 0.5 end)
          filter (where sentiment is not null) as sv_sent,
        sum(wt) filter (where engagement_score is not null) as sw_score, sum(wt * engagement_score) as sv_score
      from (select customer_id, ts_us, sentiment, engagement_score,
          case direction when 'inbound' then 1 when 'outbound' then 2 else 0 end as dir,
          exp(${DECAY} * (${to} - ts_us)) as wt from events e where ${w})
      group by customer_id)`;
}

/** KPI 4's interaction gaps from the kept previous instants: exact medians per segment and overall. */
function gapsFloor(w: string, from: number): string {
  return `select segment, median(gap) from (select coalesce(c.segment, 'unknown') as segment,
        e.ts_us - e.prev_us as gap from events e
        left join customers c on c.company_id = e.company_id and c.id = e.customer_id
        where ${w} and e.prev_us >= ${from}) x
      group by grouping sets ((segment), ())`;
}

/**
 * KPI 5 at its least: its figures per (user, type, outcome), distinct customers per user and in all
 * (from the (user, customer) pairs), and each replying user's median first-reply time (kept facts).
 * Every aggregate is read, or DuckDB drops it.
 */
function productivityFloor(w: string): string {
  return `with pairs as materialized (select user_id, customer_id from events e where ${w} group by all)
      select (select sum(n + d + c) from (select user_id, event_type, outcome, count(*) as n,
          coalesce(sum(duration_minutes), 0) as d, count(*) filter (where status = 'completed') as c
          from events e where ${w} group by all)),
        (select sum(n) from (select user_id, count(*) as n from pairs group by 1)),
        (select count(distinct customer_id) from pairs),
        (select sum(m) from (select reply_user_id, median(reply_us - ts_us) as m from events e
          where ${w} and direction = 'inbound' and reply_us is not null group by 1))`;
}

/** Label and statement, given the window's condition on `e` and its start and end (epoch µs). */
type Floor = [string, (w: string, from: number, to: number, company: string) => string];
const FLOORS: Floor[] = [
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
    // KPI 3: one row per customer with the sums its score needs (one period; the dashboards ask two).
    'per-customer decayed sums, one period: engagement',
    (w, _from, to) => engagementFloor(w, to),
  ],
  [
    'median gap between consecutive events (kept facts), per segment and overall: patterns',
    (w, from) => gapsFloor(w, from),
  ],
  ['figures, distinct customers and reply medians per user: productivity', (w) => productivityFloor(w)],
  [
    // KPI 6b from the kept sequence facts (queries/journey-kept-sql.ts) at its least: the runs ending
    // at each touchpoint counted, each transition's exact median gap, the customers of each
    // two-step path (the shown paths of every length need at least these), and each converting
    // customer's last touch before the outcome.
    'runs, transitions with exact median gaps, customers per pair, last touches (kept facts): journey',
    (
      w,
      from,
    ) => `with seq as (select e.customer_id as key, e.ts_us, e.type_code::int as c0, e.prev_types as pt,
        e.ts_us - e.prev_us as gap, coalesce(e.prev_us >= ${from}, false) as has_prev,
        coalesce(e.outcome = 'deal_won', false) as won from events e where ${w})
      select (select sum(hash(a)) from (select pt & 65535 as r, count(*) from seq group by 1) a),
        (select sum(hash(b)) from (select (pt & 15) * 16 + c0 as k2, count(*), median(gap) from seq
          where has_prev group by 1) b),
        (select sum(hash(c)) from (select (pt & 15) * 16 + c0 as k2, count(distinct key) from seq
          where has_prev group by 1) c),
        (select sum(hash(d)) from (select key, arg_min(pt & 15, ts_us) from seq where won group by 1) d)`,
  ],
  [
    'outcome counts, conversion cohort and wins: effectiveness',
    (w, from, to, company) => oneStatement(SECTION_FLOORS.effectiveness({ w, from, to }, company)),
  ],
];

/** A window: its condition on `e` (company, instants, a bundle's users) and its bounds (epoch µs). */
interface Window {
  w: string;
  from: number;
  to: number;
}

/**
 * The floors of a bundle's sections (dashboards/compose.ts), each the least its figures need, as
 * statements over a window (and the previous window where the section compares: volume,
 * productivity, engagement). Response figures and reply medians come from the kept first replies,
 * as for a viewer who sees every event.
 */
const SECTION_FLOORS = {
  // Both periods in one range (they are adjacent): an OR of two ranges is not pushed into the scan.
  volume: (both: Window, from: number, dim: string) => [
    `select e.${dim}, e.ts_us >= ${from} as cur, count(*) as n from events e where ${both.w} group by all`,
  ],
  responseTimes: (cur: Window) => [
    `select grouping(event_type, event_source, reply_user_id, team) as g,
        coalesce(event_type, event_source, reply_user_id::varchar, team) as k, count(us), count(*), avg(us),
        quantile_cont(us, [0.5, 0.9])
      from (select r.event_type, r.event_source, r.reply_user_id, r.us,
          case when r.us is not null then coalesce(u.team_id::varchar, 'unknown') end as team
        from (select e.company_id, e.event_type, e.event_source,
            case when e.reply_us <= e.ts_us + ${7 * DAY_US} then e.reply_user_id end as reply_user_id,
            case when e.reply_us <= e.ts_us + ${7 * DAY_US} then e.reply_us - e.ts_us end as us
          from events e where ${cur.w} and e.direction = 'inbound') r
        left join users u on u.company_id = r.company_id and u.id = r.reply_user_id)
      group by grouping sets ((), (event_type), (event_source), (reply_user_id), (team))`,
  ],
  productivity: (cur: Window, prev: Window | null) => [
    productivityFloor(cur.w),
    ...(prev ? [`select user_id, count(*) from events e where ${prev.w} group by 1`] : []),
  ],
  effectiveness: (cur: Window, company: string) => [
    `select event_type, event_source, user_id, outcome, count(*) from events e where ${cur.w}
      group by grouping sets ((event_type, outcome), (event_source, outcome), (user_id, outcome))`,
    `with cohort as materialized (select e.event_type, e.customer_id from events e where ${cur.w} group by all)
      select (select sum(n) from (select event_type, count(*) as n from cohort group by 1)),
        (select count(distinct customer_id) from cohort)`,
    // The wins its conversion needs: per customer and 30-day window, the earliest and latest.
    `select customer_id, (ts_us - ${cur.from}) // ${30 * DAY_US} as b, min(ts_us), max(ts_us) from events e
      where e.company_id = '${company}'::uuid and e.outcome = 'deal_won' and e.ts_us >= ${cur.from}
        and e.ts_us < ${cur.to + 30 * DAY_US}
      group by all`,
  ],
  // The rep's rank, deviation and share in their team: activities per member, nothing else.
  standing: (team: Window) => [`select user_id, count(*) from events e where ${team.w} group by 1`],
  realtime: (lastHour: Window) => [
    `select e.event_type, count(*) from events e where ${lastHour.w} group by 1`,
  ],
  engagement: (cur: Window, prev: Window) => [
    engagementFloor(cur.w, cur.to),
    engagementFloor(prev.w, prev.to),
  ],
  patterns: (cur: Window) => [
    gapsFloor(cur.w, cur.from),
    `select (e.ts_us // 3_600_000_000) % 168 as hour_of_week, count(*) from events e where ${cur.w} group by 1`,
  ],
};

/** Statements as scalar subqueries of one, each reading every figure (a hash of each row), so DuckDB prunes nothing. */
const oneStatement = (parts: string[]) =>
  `select ${parts.map((s, i) => `(select sum(hash(f${i})) from (${s}) f${i})`).join(',\n')}`;

/**
 * Each bundle's floor: its sections' floors (above), to run as one statement or one at a time. The bench's team is the
 * first ten users, its rep the second user (bench/analytics-dashboards.ts).
 */
function bundleFloors(company: string, userIds: string[], from: number, to: number) {
  const span = to - from;
  const window = (users: string[] | null, a: number, b: number): Window => ({
    w: `e.company_id = '${company}'::uuid and e.ts_us >= ${a} and e.ts_us < ${b}${
      users ? ` and e.user_id in (${users.map((u) => `'${u}'::uuid`).join(', ')})` : ''
    }`,
    from: a,
    to: b,
  });
  const f = SECTION_FLOORS;
  const sections = (users: string[] | null, dim: string) => {
    const cur = window(users, from, to);
    const prev = window(users, from - span, from);
    const both = window(users, from - span, to);
    return [
      ...f.volume(both, from, dim),
      ...f.volume(both, from, 'event_source'),
      ...f.responseTimes(cur),
      ...f.productivity(cur, prev),
      ...f.effectiveness(cur, company),
      ...f.realtime(window(users, to - 3_600_000_000, to)),
    ];
  };
  const team = userIds.slice(0, 10);
  const rep = userIds.slice(1, 2);
  const parts: Array<[string, string[]]> = [
    [
      'executive',
      [
        ...sections(null, 'event_type'),
        ...f.engagement(window(null, from, to), window(null, from - span, from)),
      ],
    ],
    [
      'team',
      [
        ...sections(team, 'user_id'),
        ...f.engagement(window(team, from, to), window(team, from - span, from)),
      ],
    ],
    [
      'me',
      [
        ...sections(rep, 'event_type'),
        ...f.standing(window(team, from, to)),
        ...f.patterns(window(rep, from, to)),
      ],
    ],
  ];
  return parts;
}

export async function benchFloors(ctx: BenchContext): Promise<void> {
  await ensureReplica(ctx);
  const replica = ctx.server.replica?.replica;
  if (!replica) throw new Error('no replica');
  /** Median of 5 runs after a warm-up, in ms. */
  const time = async (statement: string) => {
    const samples: number[] = [];
    await replica.read(statement); // warm-up
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await replica.read(statement);
      samples.push(performance.now() - t);
    }
    return percentile(samples, 50);
  };
  const record = (measure: string, value: number) => {
    ctx.results.add({ section: 'floors', measure, engine: ctx.engine, value, unit: 'ms' });
    ctx.log(`  floor ${measure}: ${value.toFixed(0)} ms`);
  };
  const now = Date.now() * 1000;
  for (const days of [90, 365]) {
    const from = now - days * DAY_US;
    const span = days === 90 ? '90 days' : '12 months';
    const w = `e.company_id = '${ctx.dataset.companyId}'::uuid and e.ts_us >= ${from} and e.ts_us < ${now}`;
    for (const [label, sql] of FLOORS)
      record(`${label}, ${span}`, await time(sql(w, from, now, ctx.dataset.companyId)));
    // Both ways: one statement (DuckDB's fixed cost per subquery is in it) and each part alone, summed.
    for (const [bundle, parts] of bundleFloors(ctx.dataset.companyId, ctx.dataset.userIds, from, now)) {
      record(
        `dashboard ${bundle}: its sections' floors in one statement, ${span}`,
        await time(oneStatement(parts)),
      );
      const each: number[] = [];
      for (const part of parts) each.push(await time(oneStatement([part])));
      const sum = each.reduce((a, b) => a + b, 0);
      ctx.log(`  ${bundle}, ${span}, each part: ${each.map((t) => t.toFixed(0)).join(', ')} ms`);
      record(`dashboard ${bundle}: its sections' floors one at a time, summed, ${span}`, sum);
    }
  }
}
