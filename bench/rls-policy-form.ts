/**
 * A/B of the tenant policies' form (issue #18): `company_id = app_company_id()` (0044) against the
 * bare `company_id = nullif(current_setting('app.company_id', true), '')::uuid`, on PostgreSQL only.
 * Usage: DATABASE_URL=postgres://…/<own database> npx tsx bench/rls-policy-form.ts
 * It alters every tenant policy of that database in place (ALTER POLICY; restored to the form the
 * migrations left at the end), so run it on a database nothing else is using. Measured in alternating rounds
 * (A B B A …) so a drift of the machine's load falls on both: the timeline's first page through
 * app.inject (server-side), HTTP ingest of 1,000-event batches, and the planning time of the
 * timeline's main query (EXPLAIN SUMMARY, as the tenant role).
 * Result (2026-12-06, 2-core machine shared with other work, two runs): no gain shown. The planner
 * already inlines app_company_id() into the bare expression (EXPLAIN VERBOSE shows it); planning
 * medians were 0.40 vs 0.35 ms in one run and 0.35 vs 0.37 ms in the other, page and ingest
 * medians moved both ways within the load's noise. So the policies keep the function (no 0056).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { signToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { openDb } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { eventInput } from '../src/test/factories.js';
import { median, percentile } from './lib/stats.js';

const FUNCTION = 'app_company_id()';
const BARE = "(NULLIF(current_setting('app.company_id'::text, true), ''::text))::uuid";
const SECRET = 'bench-secret-that-is-at-least-32-characters-long';
const ROUNDS = ['function', 'bare', 'bare', 'function', 'function', 'bare', 'bare', 'function'] as const;

const db = await openDb({ engine: 'postgres', url: process.env.DATABASE_URL as string, poolSize: 4 });
await migrate(db);

async function setForm(form: 'function' | 'bare') {
  const { rows } = await sql<{ tbl: string; qual: string }>`
    select c.relname as tbl, pg_get_expr(p.polqual, p.polrelid) as qual from pg_policy p
    join pg_class c on c.oid = p.polrelid
    where p.polname = 'tenant_isolation' and c.relnamespace = current_schema()::regnamespace`.execute(
    db.kysely,
  );
  for (const { tbl, qual } of rows) {
    const column = /^\(?(\w+) = /.exec(qual)?.[1] as string;
    const expr = `${column} = ${form === 'function' ? FUNCTION : BARE}`;
    await sql`alter policy tenant_isolation on ${sql.table(tbl)} using (${sql.raw(expr)}) with check (${sql.raw(expr)})`.execute(
      db.kysely,
    );
  }
}

const { rows: before } = await sql<{ qual: string }>`select pg_get_expr(polqual, polrelid) as qual
  from pg_policy where polname = 'tenant_isolation' limit 1`.execute(db.kysely);
const migrated = before[0]?.qual.includes('app_company_id') ? 'function' : 'bare';

const app = await buildApp({
  config: loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false', LOG_LEVEL: 'silent' }),
  db,
  secret: SECRET,
});
const companyId = randomUUID();
const token = (role: 'rep' | 'integration') =>
  signToken(SECRET, { userId: randomUUID(), companyId, role, teamId: null }).then((t) => `Bearer ${t}`);
const ingestAuth = await token('integration');
const batch = async () => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/events/batch',
    headers: { authorization: ingestAuth },
    payload: Array.from({ length: 1000 }, () => eventInput()),
  });
  if (res.statusCode !== 200) throw new Error(`ingest ${res.statusCode}`);
};
for (let i = 0; i < 50; i++) await batch(); // 50,000 events to read
const readAuth = await token('rep');
const page = async () => {
  const started = performance.now();
  const res = await app.inject({ url: '/api/v1/events?limit=50', headers: { authorization: readAuth } });
  if (res.statusCode !== 200) throw new Error(`timeline ${res.statusCode}`);
  return performance.now() - started;
};
const planning = async () =>
  db.kysely.transaction().execute(async (trx) => {
    await sql`select set_config('app.company_id', ${companyId}, true)`.execute(trx);
    await sql`set local role crm_tenant`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (summary, costs off)
      select e.id, u.name, c.name from crm_activity_events e
      left join users u on u.company_id = e.company_id and u.id = e.user_id
      left join customers c on c.company_id = e.company_id and c.id = e.customer_id
      where not e.is_deleted order by e.event_timestamp desc, e.id desc limit 50`.execute(trx);
    const line = rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Planning Time'));
    return Number(/([\d.]+) ms/.exec(line ?? '')?.[1]);
  });

const figures = {
  function: { page: [] as number[], ingest: [] as number[], plan: [] as number[] },
  bare: { page: [] as number[], ingest: [] as number[], plan: [] as number[] },
};
try {
  for (const form of ROUNDS) {
    await setForm(form);
    for (let i = 0; i < 5; i++) await page(); // warm-up
    const pages: number[] = [];
    for (let i = 0; i < 40; i++) pages.push(await page());
    const plans: number[] = [];
    for (let i = 0; i < 40; i++) plans.push(await planning());
    const started = performance.now();
    for (let i = 0; i < 3; i++) await batch();
    figures[form].ingest.push(3000 / ((performance.now() - started) / 1000));
    figures[form].page.push(percentile(pages, 50));
    figures[form].plan.push(percentile(plans, 50));
  }
} finally {
  await setForm(migrated);
  await app.close();
  await db.close();
}
const fmt = (v: number[]) => v.map((x) => x.toFixed(2)).join(' ');
for (const form of ['function', 'bare'] as const) {
  const f = figures[form];
  console.log(
    `${form}: timeline page p50 ${median(f.page).toFixed(2)} ms [${fmt(f.page)}]; planning p50 ${median(f.plan).toFixed(3)} ms [${fmt(f.plan)}]; ingest ${median(f.ingest).toFixed(0)} events/s [${fmt(f.ingest)}]`,
  );
}
