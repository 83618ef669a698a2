/**
 * KPI 6 (customer journey) SQL alone, on a synthetic company built in an in-memory DuckDB with the
 * replica's schema: no database, no HTTP, so the query can be tuned in a minute. Prints the median
 * and min of `--runs` runs (after one warm-up), in wall and process CPU milliseconds, beside the
 * floor of any exact answer: one sort of the period by (customer, time).
 *   node --import tsx bench/journey-sql.ts [--events 2700000] [--customers 50000] [--days 90] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { journeySql } from '../src/analytics/queries/get-journey-paths.js';
import { REPLICA_DDL } from '../src/analytics/replica/schema.js';
import { SqlParams } from '../src/analytics/replica/sql-params.js';
import { EVENT_TYPES } from '../src/events/catalogue.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '2700000' },
    customers: { type: 'string', default: '50000' },
    days: { type: 'string', default: '90' },
    runs: { type: 'string', default: '5' },
  },
});
const EVENTS = Number(args.events);
const DAY_US = 86_400_000_000;
const FROM_US = Date.UTC(2025, 0, 1) * 1000;
const TO_US = FROM_US + Number(args.days) * DAY_US;
const COMPANY = '11111111-1111-4111-8111-111111111111';

/** Events spread evenly over the period with jitter, in (time, id) order as the replica loads them. */
async function fill(c: DuckDBConnection) {
  for (const ddl of REPLICA_DDL) await c.run(ddl);
  await c.run(
    `create temp table cust as select range as i, gen_random_uuid() as id from range(${args.customers})`,
  );
  await c.run(`create temp table usr as select range as i, gen_random_uuid() as id from range(200)`);
  const types = `[${EVENT_TYPES.slice(0, 10).map((t) => `'${t}'`)}]`;
  // One event in 50 has an outcome: deal_won for half of them.
  await c.run(`insert into events
    select '${COMPANY}', gen_random_uuid(), cu.id, null, u.id, ${types}[1 + (hash(r.range * 7) % 10)::int],
      'api', 'outbound', 'completed', 'normal', null,
      case hash(r.range * 13) % 100 when 0 then 'deal_won' when 1 then 'connected' end,
      null, false, ts, ts, 5, 1.0, []::varchar[], r.range
    from (select range, ${FROM_US} + range * ((${TO_US - FROM_US}) // ${EVENTS}) + (hash(range) % 1000000)::bigint as ts
      from range(${EVENTS})) r
    join cust cu on cu.i = (hash(r.range * 31) % ${args.customers})::bigint
    join usr u on u.i = (hash(r.range * 17) % 200)::bigint
    order by ts, 2`);
}

async function time(c: DuckDBConnection, name: string, build: (p: SqlParams) => string) {
  const p = new SqlParams();
  const sql = build(p);
  await c.runAndReadAll(sql, p.values, p.types);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const [t, u] = [performance.now(), process.cpuUsage()];
    await c.runAndReadAll(sql, p.values, p.types);
    const d = process.cpuUsage(u);
    wall.push(performance.now() - t);
    cpu.push((d.user + d.system) / 1000);
  }
  const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
  console.log(
    `${name.padEnd(46)} wall ${ms(median(wall))} (min ${ms(Math.min(...wall))})  cpu ${ms(median(cpu))}`,
  );
}

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await instance.connect();
await fill(c);
const where = (p: SqlParams) =>
  `e.company_id = ${p.uuid(COMPANY)} and e.ts_us >= ${p.int(FROM_US)} and e.ts_us < ${p.int(TO_US)}`;
const o = { minLength: 2, maxLength: 5, limit: 20, outcome: 'deal_won', customerKey: 'hash' as const };
console.log(
  `${EVENTS.toLocaleString('en')} events, ${args.customers} customers, ${args.days} days, 2 threads`,
);
await time(c, 'floor: one sort by (customer hash, time)', (p) => {
  return `select count(*), sum(n) from (select lead(ts_us) over (partition by hash(customer_id) order by ts_us) as n
    from events e where ${where(p)})`;
});
await time(c, 'journey: paths 2–5, transitions, attribution', (p) => journeySql(p, where(p), o));
await time(c, 'journey, customers sorted by id (collision path)', (p) =>
  journeySql(p, where(p), { ...o, customerKey: 'id' }),
);
await time(c, 'journey: paths of 2 only', (p) => journeySql(p, where(p), { ...o, maxLength: 2 }));
