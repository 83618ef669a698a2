/**
 * The analytics replica under ingest: events arrive at 5,000 events/s (batches of 250 every 50 ms,
 * through insertEvents, as the batch API stores them) for 20 s (BENCH_LAG_SECONDS) while the
 * follower runs; for each batch, the time from its commit to the moment the replica holds it
 * (watermark ≥ its last seq). A section of `npm run bench` (`--only replica`). The events are
 * live ones (stamped now) unless BENCH_LAG_AT=past backdates them.
 *
 * DuckDB checkpoints now and then, a pause of 0.3-0.4 s at 10M events: a run must be long enough
 * to hold one (the log says how many it held, at commit and idle) for its p99 to mean anything.
 */
import { sql } from 'kysely';
import type { ApplyTiming } from '../src/analytics/replica/apply-timing.js';
import { scopeFor } from '../src/db/scope.js';
import { insertEvents } from '../src/events/queries/write-events.js';
import type { BenchContext } from './lib/context.js';
import { ensureReplica, recordRss } from './lib/replica.js';
import { percentile } from './lib/stats.js';
import { backdatedAt, storedEvent } from './lib/stored-event.js';

const RATE = 5000;
const BATCH = 250;
const SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);
if (!Number.isInteger(SECONDS) || SECONDS < 1)
  throw new Error(
    `BENCH_LAG_SECONDS must be a whole number of seconds ≥ 1 (got ${process.env.BENCH_LAG_SECONDS})`,
  );
// `now`: live events, stamped as they arrive (after their customers' last events: the follower's
// short path). `past`: backdated at random instants of the last 30 days (an import or a late sync:
// before their customers' last events, so the later events' facts are recomputed).
const AT = process.env.BENCH_LAG_AT ?? 'now';
if (AT !== 'now' && AT !== 'past') throw new Error(`BENCH_LAG_AT must be now or past (got ${AT})`);
const AT_LABEL = AT === 'past' ? ', backdated' : '';

export async function benchReplica(ctx: BenchContext): Promise<void> {
  await ensureReplica(ctx);
  const replica = ctx.server.replica?.replica;
  if (!replica) throw new Error('no replica');
  const scope = scopeFor(ctx.db, ctx.dataset.companyId);
  await logLaterEvents(ctx);
  const lags: number[] = [];
  // Every batch the follower applies during the test, to say where the slow ones spend their time.
  const timings: ApplyTiming[] = [];
  replica.options.onApply = (t) => timings.push(t);
  const idleCheckpointsBefore = replica.counters.checkpoints;
  const pending: Array<{ seq: number; at: number }> = [];
  let stop = false;
  // Watches the watermark every 5 ms and settles the batches it has reached.
  const watcher = (async () => {
    while (!stop || pending.length) {
      const mark = await replica.watermark(scope.companyId);
      const now = performance.now();
      while (pending.length && mark && (pending[0] as { seq: number }).seq <= mark.seq) {
        lags.push(now - (pending.shift() as { at: number }).at);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const started = performance.now();
  let sent = 0;
  let k = 0;
  while (performance.now() - started < SECONDS * 1000) {
    const due = started + (k * BATCH * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const now = Date.now();
    const rows = Array.from({ length: BATCH }, (_, i) =>
      storedEvent({
        customer_id: ctx.dataset.customerIds[(k * BATCH + i) % ctx.dataset.customerIds.length] as string,
        user_id: ctx.dataset.userIds[i % ctx.dataset.userIds.length] as string,
        event_title: 'Live email',
        event_timestamp: AT === 'past' ? backdatedAt(now) : new Date(now - i),
      }),
    );
    await insertEvents(scope, rows);
    const { last_seq } = await ctx.db.kysely
      .selectFrom('company_sequences')
      .select('last_seq')
      .where('company_id', '=', scope.companyId)
      .executeTakeFirstOrThrow();
    pending.push({ seq: Number(last_seq), at: performance.now() });
    sent += BATCH;
    k++;
  }
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await watcher;
  const rate = sent / elapsed;
  ctx.results.add({
    section: 'replica',
    measure: `ingest rate held during the lag test${AT_LABEL}`,
    engine: ctx.engine,
    value: rate,
    unit: 'events/s',
  });
  for (const p of [50, 99]) {
    ctx.results.add({
      section: 'replica',
      measure: `commit → visible in analytics, p${p} (${RATE.toLocaleString('en')} events/s offered${AT_LABEL})`,
      engine: ctx.engine,
      value: percentile(lags, p),
      unit: 'ms',
      note: `${lags.length} batches of ${BATCH}`,
    });
  }
  ctx.log(
    `  lag${AT_LABEL} p50 ${percentile(lags, 50).toFixed(0)} ms, p99 ${percentile(lags, 99).toFixed(0)} ms at ${rate.toFixed(0)} events/s`,
  );
  replica.options.onApply = undefined;
  reportSlowBatches(ctx, timings);
  // A commit that checkpointed shows as a long `commit` phase (every other commit takes ms).
  const atCommit = timings.filter((t) => t.phases.some(([k, v]) => k === 'commit' && v >= 300));
  ctx.log(
    `  checkpoints during the ${SECONDS} s test: ${atCommit.length} at commit (` +
      `${atCommit.map((t) => `${t.phases.find(([k]) => k === 'commit')?.[1].toFixed(0)} ms`).join(', ')}), ` +
      `${replica.counters.checkpoints - idleCheckpointsBefore} while idle`,
  );
  recordRss(ctx, 'after the lag test');
}

/**
 * How many customers already have events after now. A dataset loaded before 2026-12-07 spread
 * today's events over 08:00-18:00 UTC, so during those hours most customers did: the test's new
 * events (at now) then landed before their customers' last events and took the follower's general
 * path (the later events' facts recomputed), several times the work of an append at the end. The
 * dataset now has none after its load (bench/lib/dataset.ts); time makes a kept one only more so.
 */
async function logLaterEvents(ctx: BenchContext) {
  const { rows } = await sql<{ later: number; customers: number }>`
    select count(*) filter (where last_at > now())::int as later, count(*)::int as customers
    from (select customer_id, max(event_timestamp) as last_at from crm_activity_events
      where company_id = ${ctx.dataset.companyId} and not is_deleted group by customer_id) c`.execute(
    ctx.db.kysely,
  );
  const r = rows[0] ?? { later: 0, customers: 0 };
  ctx.log(
    `  ${r.later.toLocaleString('en')} of ${r.customers.toLocaleString('en')} customers have events after now ` +
      "(a live event before its customer's last one takes the follower's general path)",
  );
}

/** The applied batches' sizes and times, and the three slowest phase by phase (in the log). */
function reportSlowBatches(ctx: BenchContext, timings: ApplyTiming[]) {
  if (!timings.length) return;
  const ms = timings.map((t) => t.ms);
  const sizes = timings.map((t) => t.changes);
  ctx.log(
    `  follower: ${timings.length} batches, changes per batch p50 ${percentile(sizes, 50)} max ${Math.max(...sizes)}, ` +
      `time per batch p50 ${percentile(ms, 50).toFixed(0)} ms p99 ${percentile(ms, 99).toFixed(0)} ms`,
  );
  // Where a typical batch spends its time: each phase's median over all batches (0 where absent).
  const names = [...new Set(timings.flatMap((t) => t.phases.map(([k]) => k)))];
  const medians = names.map((k): [string, number] => [
    k,
    percentile(
      timings.map((t) => t.phases.find(([n]) => n === k)?.[1] ?? 0),
      50,
    ),
  ]);
  ctx.log(
    `    per batch, median by phase: ${medians
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join('; ')}`,
  );
  for (const t of [...timings].sort((a, b) => b.ms - a.ms).slice(0, 3)) {
    const top = [...t.phases].sort((a, b) => b[1] - a[1]).slice(0, 6);
    ctx.log(
      `    ${t.ms.toFixed(0)} ms, ${t.changes} changes: ${top.map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ')}`,
    );
  }
  ctx.results.add({
    section: 'replica',
    measure: `follower: time per applied batch during the lag test${AT_LABEL}, p99`,
    engine: ctx.engine,
    value: percentile(ms, 99),
    unit: 'ms',
    note: `${timings.length} batches, ${percentile(sizes, 50)} changes per batch (median)`,
  });
}
