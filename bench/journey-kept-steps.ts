/**
 * KPI 6 over the kept sequence facts (journey-kept-sql.ts), step by step: a synthetic company in an
 * in-memory DuckDB with the replica's schema, its facts computed as the load computes them
 * (insertWithFacts), then the query cut after each step (touchpoints; transitions with their exact
 * medians; path counts and the top per length; distinct customers per top path; attribution) and
 * the whole, median of `--runs`, wall and process CPU; plus the floor (one read of the columns the
 * query needs) and `--explain` for DuckDB's EXPLAIN ANALYZE of the whole query.
 *   node --import tsx bench/journey-kept-steps.ts [--events 1000000] [--customers 50000] [--days 90] [--runs 5] [--explain]
 */
import { parseArgs } from 'node:util';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { keptJourneySql } from '../src/analytics/queries/journey-kept-sql.js';
import { REPLICA_DDL } from '../src/analytics/replica/schema.js';
import { insertWithFacts } from '../src/analytics/replica/sequence-facts.js';
import { SqlParams } from '../src/analytics/replica/sql-params.js';
import { EVENT_TYPES } from '../src/events/catalogue.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    customers: { type: 'string', default: '50000' },
    days: { type: 'string', default: '90' },
    runs: { type: 'string', default: '5' },
    explain: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(args.events);
const DAY_US = 86_400_000_000;
const TO_US = Date.UTC(2025, 11, 31) * 1000;
const FROM_US = TO_US - 365 * DAY_US; // a year of data; the query reads the last --days of it
const PERIOD_FROM = TO_US - Number(args.days) * DAY_US;
const COMPANY = '11111111-1111-4111-8111-111111111111';

async function fill(c: DuckDBConnection) {
  for (const ddl of REPLICA_DDL) await c.run(ddl);
  await c.run(`create temp table stage as select * from events limit 0`);
  const types = `[${EVENT_TYPES.slice(0, 10).map((t) => `'${t}'`)}]`;
  await c.run(`insert into stage
    select '${COMPANY}', gen_random_uuid(), md5('c' || (hash(r.range * 31) % ${args.customers}))::uuid, null,
      md5('u' || (hash(r.range * 17) % 200))::uuid, ${types}[1 + (hash(r.range * 7) % 10)::int], 'api',
      case hash(r.range * 3) % 3 when 0 then 'inbound' else 'outbound' end, 'completed', 'normal', null,
      case hash(r.range * 13) % 100 when 0 then 'deal_won' when 1 then 'connected' end,
      null, false, ts, ts, 5, 1.0, []::varchar[], r.range, null, null, null, null, null, null, null, null
    from (select range, ${FROM_US} + range * ((${TO_US - FROM_US}) // ${EVENTS}) + (hash(range) % 1000000)::bigint as ts
      from range(${EVENTS})) r`);
  await c.run('begin');
  await insertWithFacts(c, 'stage');
  await c.run('commit');
  await c.run('drop table stage');
}

async function time(c: DuckDBConnection, name: string, sql: string, p: SqlParams) {
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
  console.log(`| ${name.padEnd(58)} | ${ms(median(wall))} | ${ms(Math.min(...wall))} | ${ms(median(cpu))} |`);
}

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await instance.connect();
const t0 = performance.now();
await fill(c);
console.log(
  `${EVENTS.toLocaleString('en')} events over a year, ${args.customers} customers, last ${args.days} days; filled with facts in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const o = { minLength: 2, maxLength: 5, limit: 20, outcome: 'deal_won' };
const build = (final: string | null) => {
  const p = new SqlParams();
  const where = `e.company_id = ${p.uuid(COMPANY)} and e.ts_us >= ${p.int(PERIOD_FROM)} and e.ts_us < ${p.int(TO_US)}`;
  const full = keptJourneySql(p, where, new Date(PERIOD_FROM / 1000), o);
  if (final === null) return { sql: full, p };
  // Cut the query after its CTEs: the final select replaced by one step's.
  const at = full.lastIndexOf('\n    select * from (');
  return { sql: `${full.slice(0, at)}\n    ${final}`, p };
};
console.log(
  '| step (each includes the touchpoints and what it reads) | median | min | CPU |\n|---|---:|---:|---:|',
);
const floor = new SqlParams();
await time(
  c,
  'floor: read the columns of the window once',
  `select count(*), sum(type_code), sum(prev_types), sum(ts_us - prev_us), count(outcome) from events e
   where e.company_id = ${floor.uuid(COMPANY)} and e.ts_us >= ${floor.int(PERIOD_FROM)} and e.ts_us < ${floor.int(TO_US)}`,
  floor,
);
const steps: Array<[string, string]> = [
  ['touchpoints (seq, materialized)', 'select count(*), sum(r) from seq'],
  ['transitions with exact medians (pairs)', 'select count(*), sum(median_minutes) from pairs'],
  ['path counts, top per length (top)', 'select count(*), sum(n) from top'],
  [
    'top paths + distinct customers per top path (hits)',
    'select count(*), sum(c) from (select code, count(distinct key) as c from top join hits using (code) group by code)',
  ],
  ['attribution (touches)', 'select count(*), sum(n) from touches'],
];
for (const [name, final] of steps) {
  const { sql, p } = build(final);
  await time(c, name, sql, p);
}
const whole = build(null);
await time(c, 'whole query', whole.sql, whole.p);
if (args.explain) {
  const r = await c.runAndReadAll(`explain analyze ${whole.sql}`, whole.p.values, whole.p.types);
  for (const row of r.getRows()) console.log(String(row[1]));
}
instance.closeSync();
