/**
 * The floors under the analytics targets: single DuckDB statements over the replica doing only the
 * work a KPI cannot avoid (read the window; sort it by customer and time once; distinct customers
 * per user; first reply by an ASOF join), 90 days and 12 months, median of 5. When a KPI misses its
 * target, its floor says how much of the time no rewrite of its SQL can remove.
 * A section of `npm run bench` (`--only floors`).
 */
import type { BenchContext } from './lib/context.js';
import { ensureReplica } from './lib/replica.js';
import { percentile } from './lib/stats.js';

const DAY_US = 86_400_000_000;

const FLOORS: Array<[string, (w: string) => string]> = [
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
];

export async function benchFloors(ctx: BenchContext): Promise<void> {
  await ensureReplica(ctx);
  const replica = ctx.server.replica?.replica;
  if (!replica) throw new Error('no replica');
  const now = Date.now() * 1000;
  for (const days of [90, 365]) {
    const w = `e.company_id = '${ctx.dataset.companyId}'::uuid and e.ts_us >= ${now - days * DAY_US} and e.ts_us < ${now}`;
    for (const [label, sql] of FLOORS) {
      const samples: number[] = [];
      await replica.read(sql(w)); // warm-up
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await replica.read(sql(w));
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
