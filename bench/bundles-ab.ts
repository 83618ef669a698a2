/**
 * The dashboard bundles of two versions of the code in one process and one sitting, alternating,
 * against one replica: on a dataset an earlier `npm run bench -- --engine postgres --only none`
 * loaded, opens (or reopens: `--dir` keeps it between runs) a file replica with this tree's code,
 * then times composeExecutive / composeTeam / composeMe of this tree and of `--old` (another
 * version's src, e.g. `git archive <commit> src | tar -x -C /tmp/old`, with node_modules linked
 * beside it). The old tree's replica registry and read context are pointed at this tree's, so
 * both read the same replica. Prints per bundle and period the median wall time, and the replica
 * statements a bundle runs and how many of them read `events`.
 *   node --import tsx bench/bundles-ab.ts --pg-url postgres://postgres@127.0.0.1:5432/bench --old /tmp/old/src
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { readContext } from '../src/analytics/replica/read-context.js';
import { startAnalyticsReplica } from '../src/analytics/replica/start.js';
import type { AuthUser } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { openDb } from '../src/db/connect.js';
import { scopeFor } from '../src/db/scope.js';
import { upsertUsers } from '../src/directory/queries.js';
import { resolveAnalyticsViewer } from '../src/visibility/analytics-access.js';
import { findDataset } from './lib/dataset.js';

const { values: args } = parseArgs({
  options: {
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench' },
    old: { type: 'string' },
    dir: { type: 'string', default: '/tmp/crm-bundles-ab' },
    rounds: { type: 'string', default: '3' },
    // Also print, per bundle, each replica statement's median time, named by the query file that ran it.
    profile: { type: 'boolean', default: false },
    // With --profile: also print DuckDB's EXPLAIN ANALYZE of each statement of one bundle's last run, e.g. "executive 90".
    explain: { type: 'string' },
  },
});
const here = new URL('../src', import.meta.url).pathname;
type Compose = typeof import('../src/dashboards/compose.js');
const variants: Array<[string, Compose]> = [['new', await import('../src/dashboards/compose.js')]];
if (args.old) {
  const old = resolve(args.old);
  // The old tree reads this tree's replica (one registry, one read context).
  for (const f of ['analytics/replica/registry.ts', 'analytics/replica/read-context.ts'])
    writeFileSync(join(old, f), `export * from '${join(here, f)}';\n`);
  variants.unshift(['old', (await import(join(old, 'dashboards/compose.js'))) as Compose]);
}

const db = await openDb({ engine: 'postgres', url: args['pg-url'] as string, poolSize: 8 });
const dataset = await findDataset(db);
if (!dataset) throw new Error('no dataset: run `npm run bench -- --engine postgres --only none` first');
const scope = scopeFor(db, dataset.companyId);
mkdirSync(args.dir as string, { recursive: true });
const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false', LOG_LEVEL: 'silent' });
const started = performance.now();
const running = await startAnalyticsReplica(
  db,
  { ...config.analytics, dir: args.dir as string },
  { info: () => {}, warn: (f, m) => console.warn(m, f) },
);
await running.follower.ready;
console.log(`replica ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Statements per bundle: count the replica's reads and those that scan `events`.
const replica = running.replica;
const read = replica.read.bind(replica);
let statements = 0;
let scans = 0;
/** Per bundle run: statement name → its times (ms), when --profile. */
let profile = new Map<string, number[]>();
let serial = Promise.resolve();
let statementsRun: Array<{ name: string; text: string; rest: unknown[] }> = [];
const explained = new Map<string, typeof statementsRun>();
Error.stackTraceLimit = 40;
const caller = () =>
  (new Error().stack ?? '')
    .split('\n')
    .map((l) => /src\/((?:analytics|dashboards)\/[\w/.-]+\.ts):(\d+)/.exec(l))
    .find((m) => m && !m[1]?.includes('/replica/'))
    ?.slice(1, 3)
    .join(':') ?? 'unknown';
replica.read = (async (
  text: string,
  ...rest: Parameters<typeof read> extends [string, ...infer R] ? R : never
) => {
  statements++;
  scans += (text.match(/from events\b/g) ?? []).length;
  if (!args.profile) return read(text, ...rest);
  const name = caller();
  statementsRun.push({ name, text, rest });
  // One statement at a time while profiling: each time is then that statement's own work, not
  // its wait for DuckDB's threads behind the bundle's other statements.
  const turn = serial;
  let done = () => {};
  serial = new Promise<void>((r) => {
    done = r;
  });
  await turn;
  const t = performance.now();
  try {
    return await read(text, ...rest);
  } finally {
    profile.set(name, [...(profile.get(name) ?? []), performance.now() - t]);
    done();
  }
}) as typeof replica.read;

// A team of the first ten users led by the first (as bench/analytics-dashboards.ts makes it).
const [leadId = '', ...rest] = dataset.userIds;
let team = await db.kysely
  .selectFrom('teams')
  .select('id')
  .where('company_id', '=', dataset.companyId)
  .where('name', '=', 'AB team')
  .executeTakeFirst();
if (!team) {
  const id = randomUUID();
  await sql`insert into teams (company_id, id, name, lead_user_id) values (${dataset.companyId}, ${id}, 'AB team', ${leadId})`.execute(
    db.kysely,
  );
  const members = await db.kysely
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('company_id', '=', dataset.companyId)
    .where('id', 'in', [leadId, ...rest.slice(0, 9)])
    .execute();
  await upsertUsers(
    scope,
    members.map((m) => ({ id: m.id, name: m.name, role: m.role as 'rep', team_id: id })),
  );
  team = { id };
}
const teamId = team.id;
const user = (role: AuthUser['role'], userId: string, t: string | null = null): AuthUser => ({
  userId,
  companyId: dataset.companyId,
  role,
  teamId: t,
});
const exec = user('executive', randomUUID());
const lead = user('team_lead', leadId, teamId);
const rep = user('rep', dataset.userIds[1] ?? leadId);

const DAY = 86_400_000;
const now = Date.now();
const bundles = ['executive', 'team', 'me'] as const;
const run = async (c: Compose, bundle: (typeof bundles)[number], days: number) => {
  const query = {
    from: new Date(now - days * DAY).toISOString(),
    to: new Date(now).toISOString(),
    tz: 'UTC',
  };
  const who = bundle === 'executive' ? exec : bundle === 'team' ? lead : rep;
  const v = await resolveAnalyticsViewer(scope, who);
  const ctx = { synced: new Map(), queryMs: 0 };
  return readContext.run(ctx, () =>
    bundle === 'executive'
      ? c.composeExecutive(scope, v, query)
      : bundle === 'team'
        ? c.composeTeam(scope, v, teamId, query)
        : c.composeMe(scope, who, v, query),
  );
};

const times = new Map<string, number[]>();
/** This process's CPU (Node and DuckDB's threads; PostgreSQL's work is not counted): steadier than wall time on a loaded machine. */
const cpu = new Map<string, number[]>();
const counts = new Map<string, string>();
const profiles = new Map<string, Map<string, number[]>>();
const rounds = Number(args.rounds);
for (let round = 0; round < rounds; round++) {
  for (const days of [90, 365]) {
    for (const bundle of bundles) {
      for (const [name, c] of round % 2 ? [...variants].reverse() : variants) {
        const key = `${bundle} ${days === 90 ? '90 days' : '12 months'} ${name}`;
        [statements, scans, profile, statementsRun] = [0, 0, new Map(), []];
        const [t, u] = [performance.now(), process.cpuUsage()];
        await run(c, bundle, days);
        const ms = performance.now() - t;
        const d = process.cpuUsage(u);
        times.set(key, [...(times.get(key) ?? []), ms]);
        cpu.set(key, [...(cpu.get(key) ?? []), (d.user + d.system) / 1000]);
        counts.set(key, `${statements} statements, ${scans} reads of events`);
        const all = profiles.get(key) ?? new Map<string, number[]>();
        for (const [name, ms] of profile)
          all.set(name, [...(all.get(name) ?? []), ms.reduce((a, b) => a + b, 0)]);
        profiles.set(key, all);
        explained.set(key, statementsRun);
      }
    }
  }
  console.log(`round ${round + 1}/${rounds} done`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(
  '| bundle | version | median wall ms | runs (ms) | median CPU ms | replica statements |\n|---|---|---:|---|---:|---|',
);
for (const [key, xs] of times) {
  const [bundle, n, unit, name] = key.split(' ');
  console.log(
    `| ${bundle} ${n} ${unit} | ${name} | ${median(xs).toFixed(0)} | ${xs.map((x) => x.toFixed(0)).join(', ')} | ${median(cpu.get(key) ?? []).toFixed(0)} | ${counts.get(key)} |`,
  );
}
if (args.profile)
  for (const [key, all] of profiles) {
    console.log(`\n${key}: statement (query file:line) | median ms (sum of its calls in one run)`);
    for (const [name, xs] of [...all].sort((a, b) => median(b[1]) - median(a[1])))
      console.log(`  ${name} | ${median(xs).toFixed(0)}`);
  }
for (const [key, run] of explained) {
  if (!args.explain || !key.startsWith(args.explain)) continue;
  for (const { name, text, rest } of run) {
    const plan = await read<{ explain_value: string }>(`explain analyze ${text}`, ...(rest as []));
    console.log(`\n===== ${key}: ${name}\n${plan.map((r) => r.explain_value).join('\n')}`);
  }
}
await running.stop();
await db.close();
