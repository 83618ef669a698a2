/**
 * Dashboard bundles and KPIs 5–7: p50/p95 server-side latency (app.inject: routing, auth,
 * validation, queries, serialization; no socket) for a 90-day and a 12-month range ending now.
 * A section of `npm run bench` (bench/run.ts calls benchDashboards), or alone:
 *   node --import tsx bench/analytics-dashboards.ts [--engine pglite|postgres] [--events 100000]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { signToken } from '../src/auth/tokens.js';
import type { Engine } from '../src/db/connect.js';
import { scopeFor } from '../src/db/scope.js';
import { upsertUsers } from '../src/directory/queries.js';
import type { BenchContext } from './lib/context.js';
import { findDataset, loadDataset } from './lib/dataset.js';
import { recordLatency, sampleGet } from './lib/http-samples.js';
import { openBenchDb } from './lib/open-engine.js';
import { ensureReplica } from './lib/replica.js';
import { Results } from './lib/results.js';
import { startServer } from './lib/server.js';

const DAY = 86_400_000;
/** Per measure: stop after `samples` samples or this much time, whichever first, but take at least 3. */
const BUDGET_MS = 15_000;

/** Puts the first ten users in a team led by the first, so the team dashboard has something to show. */
async function makeTeam(ctx: BenchContext): Promise<{ teamId: string; leadId: string }> {
  const teamId = randomUUID();
  const [leadId = '', ...rest] = ctx.dataset.userIds;
  const k = ctx.db.kysely;
  await sql`insert into teams (company_id, id, name, lead_user_id) values (${ctx.dataset.companyId}, ${teamId}, 'Bench team', ${leadId})`.execute(
    k,
  );
  // Through the directory API's write, so the change log (and the analytics replica) sees the move.
  const members = await k
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('company_id', '=', ctx.dataset.companyId)
    .where('id', 'in', [leadId, ...rest.slice(0, 9)])
    .execute();
  await upsertUsers(
    scopeFor(ctx.db, ctx.dataset.companyId),
    members.map((m) => ({ id: m.id, name: m.name, role: m.role as 'rep', team_id: teamId })),
  );
  return { teamId, leadId };
}

export async function benchDashboards(ctx: BenchContext): Promise<void> {
  await ensureReplica(ctx);
  const { teamId, leadId } = await makeTeam(ctx);
  const company = ctx.dataset.companyId;
  const token = (role: 'executive' | 'team_lead' | 'rep', userId: string) =>
    signToken(ctx.server.secret, {
      userId,
      companyId: company,
      role,
      teamId: role === 'team_lead' ? teamId : null,
    });
  const exec = `Bearer ${await token('executive', randomUUID())}`;
  const lead = `Bearer ${await token('team_lead', leadId)}`;
  const rep = `Bearer ${await token('rep', ctx.dataset.userIds[1] ?? leadId)}`;
  const now = Date.now();
  const targets: Array<[string, string, string]> = [
    ['dashboard executive', '/api/v1/dashboards/executive?', exec],
    ['dashboard team', `/api/v1/dashboards/team/${teamId}?`, lead],
    ['dashboard me', '/api/v1/dashboards/me?', rep],
    ['KPI 5 productivity', '/api/v1/analytics/productivity?', exec],
    ['KPI 6 journey (paths, transitions, attribution)', '/api/v1/analytics/journey?', exec],
    [
      'KPI 6 busy customer journey',
      `/api/v1/analytics/journey/customers/${ctx.dataset.busyCustomerId}?`,
      exec,
    ],
    ['KPI 7 effectiveness', '/api/v1/analytics/effectiveness?', exec],
  ];
  for (const days of [90, 365]) {
    const range = `from=${new Date(now - days * DAY).toISOString()}&to=${new Date(now).toISOString()}&tz=UTC`;
    for (const [label, path, auth] of targets) {
      const s = await sampleGet(ctx, `${path}${range}`, auth, { min: 3, budgetMs: BUDGET_MS });
      recordLatency(ctx, 'dashboards', `${label}, ${days === 90 ? '90 days' : '12 months'}`, s);
    }
  }
}

/** Standalone: a fresh database, the dataset, this section only. */
async function main() {
  const { values: o } = parseArgs({
    options: {
      engine: { type: 'string', default: 'pglite' },
      events: { type: 'string', default: '1000000' },
      samples: { type: 'string', default: '50' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench_dashboards' },
      // PostgreSQL only: measure the dataset a previous run left in --pg-url instead of loading anew.
      reuse: { type: 'boolean', default: false },
    },
  });
  const engine = o.engine as Engine;
  const log = (line: string) => console.log(`[${engine}] ${line}`);
  const bench = await openBenchDb(engine, o['pg-url'] as string, { reuse: o.reuse === true });
  const server = await startServer(bench.db);
  const results = new Results();
  try {
    const dataset =
      (o.reuse ? await findDataset(bench.db) : undefined) ??
      (await loadDataset(bench.db, Number(o.events), log));
    const options = { events: Number(o.events), ingestEvents: 0, runs: 1, samples: Number(o.samples) };
    await benchDashboards({ engine, db: bench.db, url: bench.url, dataset, server, results, options, log });
  } finally {
    await server.close();
    await bench.dispose();
  }
  console.log(`\n${results.table()}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
