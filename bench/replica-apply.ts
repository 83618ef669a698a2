/**
 * The replica's write side alone, for an A/B of two versions in one sitting: on a dataset an
 * earlier `npm run bench -- --engine postgres --only none` loaded (PostgreSQL), opens a replica in a
 * temporary directory with the replica code under `--src` (this tree's src/ by default, or an old
 * commit's, e.g. `git archive <commit> src | tar -x -C /tmp/old`), and times: the company's load;
 * the file's size before and after a CHECKPOINT; then applying batches of changes (new events at
 * the end of sequences, status updates and deletes in the middle), each from commit to caught up.
 *   node --import tsx bench/replica-apply.ts --pg-url postgres://postgres@127.0.0.1:5432/bench [--src /tmp/old/src] [--memory 1GB] [--dir DIR [--reuse]] [--rounds N [--rounds-only] [--at now|past] [--checkpoint-every K]]
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { findDataset } from './lib/dataset.js';
import { median } from './lib/stats.js';
import { backdatedAt, storedEvent } from './lib/stored-event.js';

const { values: args } = parseArgs({
  options: {
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench' },
    src: { type: 'string', default: new URL('../src', import.meta.url).pathname },
    // DuckDB's memory_limit (ANALYTICS_MEMORY_LIMIT); the server's default is a quarter of RAM, at most 1 GiB.
    memory: { type: 'string', default: '1GB' },
    // Keep the replica in this directory afterwards (e.g. for BENCH_ANALYTICS_DIR of `npm run bench`).
    dir: { type: 'string' },
    // With --dir holding a loaded replica (e.g. BENCH_ANALYTICS_DIR's): catch it up instead of reloading.
    reuse: { type: 'boolean', default: false },
    // Rounds of 5,000 new events, each applied as one batch, then a CHECKPOINT: the follower's steady
    // work under ingest without the lag test's feedback (a slow batch makes the next one bigger).
    rounds: { type: 'string', default: '0' },
    // DuckDB's checkpoint_threshold (ANALYTICS_CHECKPOINT_THRESHOLD): e.g. 10GB to keep every
    // checkpoint out of the rounds and time the one after them alone.
    'checkpoint-threshold': { type: 'string', default: '16MB' },
    // Only the rounds (after the load or catch-up), not the fixed batches.
    'rounds-only': { type: 'boolean', default: false },
    // The rounds' events at now (after their customers' last events: the follower's short path) or
    // at random instants of the last 30 days (before them: backdated, an import's case, the general path).
    at: { type: 'string', default: 'now' },
    // A CHECKPOINT after every K rounds, each timed (default: one, after all of them).
    'checkpoint-every': { type: 'string', default: '0' },
  },
});
// Checked before the load, which takes minutes at 10M.
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 0) throw new Error('--rounds must be a whole number ≥ 0');
if (args.at !== 'now' && args.at !== 'past') throw new Error('--at must be now or past');
const backdated = args.at === 'past';
const checkpointEvery = Number(args['checkpoint-every']);
if (!Number.isInteger(checkpointEvery) || checkpointEvery < 0)
  throw new Error('--checkpoint-every must be a whole number ≥ 0');
const src = resolve(args.src as string);
const { openDb } = (await import(join(src, 'db/connect.js'))) as typeof import('../src/db/connect.js');
const { AnalyticsReplica } = (await import(
  join(src, 'analytics/replica/replica.js')
)) as typeof import('../src/analytics/replica/replica.js');
const { insertEvents } = (await import(
  join(src, 'events/queries/write-events.js')
)) as typeof import('../src/events/queries/write-events.js');
const { scopeFor } = (await import(join(src, 'db/scope.js'))) as typeof import('../src/db/scope.js');

const db = await openDb({ engine: 'postgres', url: args['pg-url'] as string, poolSize: 4 });
const dataset = await findDataset(db);
if (!dataset) throw new Error('no dataset: run `npm run bench -- --engine postgres --only none` first');
const scope = scopeFor(db, dataset.companyId);
const dir = (args.dir as string | undefined) ?? mkdtempSync(join(tmpdir(), 'crm-replica-apply-'));
// A memory limit as a server would set (ANALYTICS_MEMORY_LIMIT): without one DuckDB takes up to 80 % of RAM.
const replica = await AnalyticsReplica.open(db, {
  dir,
  threads: 2,
  memoryLimit: args.memory as string,
  checkpointThreshold: args['checkpoint-threshold'] as string,
});
const mib = () => readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0) / 2 ** 20;
const out: string[] = [];
const report = (what: string, value: string) => {
  out.push(`| ${what} | ${value} |`);
  console.log(`${what}: ${value}`);
};

/** Wall and this process's CPU time (DuckDB's threads run here; PostgreSQL's work does not count). */
async function timed(what: string, run: () => Promise<unknown>, unit: 'ms' | 's' = 'ms') {
  const [t, u] = [performance.now(), process.cpuUsage()];
  try {
    await run();
  } catch (error) {
    report(what, `failed: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  const d = process.cpuUsage(u);
  const k = unit === 's' ? 1000 : 1;
  const f = (ms: number) => `${(ms / k).toFixed(unit === 's' ? 1 : 0)} ${unit}`;
  report(what, `${f(performance.now() - t)} wall, ${f((d.user + d.system) / 1000)} CPU`);
}
/** Commits the changes, then times the replica catching up with them. */
async function timedApply(what: string, change: () => Promise<unknown>) {
  await change();
  // Where each applied batch spent its time (replica code that times its batches: apply-timing.ts).
  const batches: Array<{ ms: number; phases: Array<[string, number]> }> = [];
  (replica.options as { onApply?: (t: (typeof batches)[number]) => void }).onApply = (t) => batches.push(t);
  await timed(what, () => replica.sync(dataset?.companyId as string));
  for (const b of batches) {
    const top = [...b.phases].sort((x, y) => y[1] - x[1]).slice(0, 6);
    console.log(`  batch ${b.ms.toFixed(0)} ms: ${top.map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ')}`);
  }
}

/**
 * New events at "now" (the end of their customers' sequences), or backdated at random instants of
 * the last 30 days (before their customers' last events); half inbound, some threaded.
 */
let lastNew = 0;
const insertNew =
  (n: number, past = false) =>
  async () => {
    // Each batch between the last one and now, never ahead of the clock: a batch at now - i ms
    // reached back before the previous one, and its customers' events there took the general path.
    const now = Math.max(Date.now(), lastNew + 1);
    const from = Math.max(lastNew + 1, now - 1000);
    lastNew = now;
    const rows = Array.from({ length: n }, (_, i) =>
      storedEvent({
        customer_id: dataset.customerIds[Math.floor(Math.random() * dataset.customerIds.length)] as string,
        user_id: dataset.userIds[i % dataset.userIds.length] as string,
        event_type: i % 3 ? 'email' : 'call',
        event_title: 'A/B',
        event_timestamp: past ? backdatedAt(now) : new Date(from + Math.floor((i * (now - from)) / n)),
        event_data: i % 4 ? {} : { thread_id: `ab-${i % 50}` },
        direction: i % 2 ? 'inbound' : 'outbound',
      }),
    );
    for (let i = 0; i < rows.length; i += 1000) await insertEvents(scope, rows.slice(i, i + 1000));
  };

/** Random existing events changed in place (status) or soft-deleted, logged as updateEvent logs them. */
const changeExisting = (n: number, kind: 'updated' | 'deleted') => () =>
  db.kysely.transaction().execute(async (trx) => {
    await sql`with picked as (
        select id, row_number() over () as k from (
          select id from crm_activity_events where company_id = ${dataset.companyId} and not is_deleted
          order by random() limit ${n}) x),
      seq as (update company_sequences set last_seq = last_seq + ${n} where company_id = ${dataset.companyId}
        returning last_seq - ${n} as s0),
      upd as (update crm_activity_events e set seq = seq.s0 + p.k,
          status = case when status = 'completed' then 'missed' else 'completed' end,
          is_deleted = ${kind === 'deleted'}
        from picked p, seq where e.company_id = ${dataset.companyId} and e.id = p.id returning e.id, e.seq)
      insert into event_changes (company_id, seq, event_id, kind)
        select ${dataset.companyId}, seq, id, ${kind} from upd`.execute(trx);
  });

try {
  console.log(`replica code: ${src}; ${dataset.events.toLocaleString('en')} events in the dataset`);
  if (args.reuse) await timed('catch up the kept replica', () => replica.sync(dataset.companyId), 's');
  else await timed('load (reload + catch up)', () => replica.reload(dataset.companyId), 's');
  report('file size after the load', `${mib().toFixed(1)} MiB`);
  await replica.checkpoint();
  report('file size after CHECKPOINT', `${mib().toFixed(1)} MiB`);
  if (rounds) await applyRounds(rounds);
  if (args['rounds-only']) {
    console.log(out.join('\n'));
  } else await fixedBatches();
} finally {
  await replica.close();
  await db.close();
  if (!args.dir) rmSync(dir, { recursive: true, force: true });
}

/** `rounds` batches of 5,000 new events, each timed from its commit to caught up, then a CHECKPOINT. */
async function applyRounds(rounds: number) {
  const ms: number[] = [];
  const cpu: number[] = [];
  const checkpoints: number[] = [];
  const phases = new Map<string, number[]>();
  (replica.options as { onApply?: (t: { phases: Array<[string, number]> }) => void }).onApply = (t) => {
    for (const [k, v] of t.phases) phases.set(k, [...(phases.get(k) ?? []), v]);
  };
  for (let r = 0; r < rounds; r++) {
    await insertNew(5000, backdated)();
    const [t, u] = [performance.now(), process.cpuUsage()];
    await replica.sync(dataset?.companyId as string);
    const d = process.cpuUsage(u);
    ms.push(performance.now() - t);
    cpu.push((d.user + d.system) / 1000);
    if (checkpointEvery && (r + 1) % checkpointEvery === 0) {
      const c = performance.now();
      await replica.checkpoint();
      checkpoints.push(performance.now() - c);
    }
  }
  if (checkpoints.length)
    report(
      `CHECKPOINT after every ${checkpointEvery} × 5,000`,
      `median ${median(checkpoints).toFixed(0)} ms, max ${Math.max(...checkpoints).toFixed(0)} ms (${checkpoints.map((c) => c.toFixed(0)).join(', ')})`,
    );
  report(
    `apply ${rounds} × 5,000 new events${backdated ? ' (backdated)' : ''}, one batch each`,
    `median ${median(ms).toFixed(0)} ms wall (${median(cpu).toFixed(0)} ms CPU), max ${Math.max(...ms).toFixed(0)} ms`,
  );
  const top = [...phases].map(([k, v]): [string, number] => [k, median(v)]).sort((a, b) => b[1] - a[1]);
  console.log(`  per batch, median by phase: ${top.map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ')}`);
  await timed('CHECKPOINT after them', () => replica.checkpoint());
}

async function fixedBatches() {
  await timedApply('apply 1,000 new events', insertNew(1000));
  await timedApply('apply 5,000 new events', insertNew(5000));
  await timedApply('apply 1,000 updates (middle of sequences)', changeExisting(1000, 'updated'));
  await timedApply('apply 5,000 updates (middle of sequences)', changeExisting(5000, 'updated'));
  await timedApply('apply 1,000 deletes', changeExisting(1000, 'deleted'));
  await replica.checkpoint();
  report('file size after the batches and a CHECKPOINT', `${mib().toFixed(1)} MiB`);
  console.log(out.join('\n'));
}
