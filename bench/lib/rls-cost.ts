/**
 * The cost of row-level security on its own (issue #18: ≤ 10 % on the timeline page and on ingest):
 * the same timeline page (server-side) and HTTP ingest with the tenant tables' policies enforced and
 * with them switched off (`alter table … disable row level security`, on the benchmark's own
 * database only). The request path is otherwise identical: same role, same `app.company_id`, same
 * visibility work.
 *
 * On a shared machine one ingest run can differ from the next by more than the cost measured, so
 * the comparison is made of PAIRS adjacent on/off runs, the order alternating from pair to pair
 * (on-off, off-on, …): a drift of the machine's load, or of the table growing with each run, falls
 * on both sides. Each pair gives one cost; the figure is the median of the pairs' costs, and the
 * lowest and highest pair show how far one run could be trusted alone.
 */
import { sql } from 'kysely';
import { statisticsSettled } from '../../src/db/maintenance.js';
import type { BenchContext } from './context.js';
import { httpIngestRate } from './ingest.js';
import { median, percentile, sample } from './stats.js';

/** On/off pairs per measure: odd, so the median is one pair's figure. */
const PAIRS = 5;
/** On/off pairs of single ingest batches. */
const BATCH_PAIRS = 101;

/**
 * A distribution-free 95 % confidence interval for the median of `xs`: the order statistics
 * n/2 ∓ 0.98·√n (the binomial's normal approximation; fine from about 20 values).
 */
function medianInterval(xs: number[]): [number, number] {
  const sorted = [...xs].sort((a, b) => a - b);
  const k = Math.max(0, Math.floor(sorted.length / 2 - 0.98 * Math.sqrt(sorted.length)));
  return [sorted[k] as number, sorted[sorted.length - 1 - k] as number];
}

/** Enforces (or stops enforcing) every tenant table's policies in the benchmark database. */
async function setRowLevelSecurity(ctx: BenchContext, on: boolean) {
  const { rows } = await sql<{ name: string }>`select c.relname as name from pg_class c
    where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
      and exists (select 1 from pg_policy p where p.polrelid = c.oid)`.execute(ctx.db.kysely);
  for (const { name } of rows)
    await sql`alter table ${sql.table(name)} ${sql.raw(on ? 'enable' : 'disable')} row level security`.execute(
      ctx.db.kysely,
    );
}

interface Side {
  page: number[];
  ingest: number[];
  /** CPU ms per 1,000 events ingested: this process (server and its HTTP clients) and the database's backends. */
  ingestCpu: number[];
  /** The database's backends alone, where the policies are evaluated. */
  ingestDbCpu: number[];
  /** Wall ms of single batches of 1,000 events from one client, one per pair. */
  batch: number[];
}

/**
 * Each pair's cost of RLS in %: slower pages (ms, lower is better) or fewer events/s (higher is
 * better) with the policies on than off, pair by pair.
 */
function pairCosts(on: number[], off: number[], higherIsBetter: boolean): number[] {
  return on.map((x, i) => {
    const y = off[i] as number;
    return ((higherIsBetter ? y / x : x / y) - 1) * 100;
  });
}

export async function benchRlsCost(ctx: BenchContext): Promise<void> {
  const url = '/api/v1/events?limit=50';
  // A new user per run: ten runs of --samples pages from one token would pass its rate limit
  // (RATE_LIMIT_PER_TOKEN, 3,000 a minute) and be answered 429.
  let auth = '';
  const page = async () => {
    const res = await ctx.server.app.inject({ url, headers: { authorization: auth } });
    if (res.statusCode !== 200) throw new Error(`timeline answered ${res.statusCode}: ${res.body}`);
  };
  // Ten runs of a quarter of --ingest each (125,000 events at the default --ingest 50000).
  const total = Math.max(1000, Math.round(ctx.options.ingestEvents / 4 / 1000) * 1000);
  const ingest = () => httpIngestRate(ctx, { batchSize: 1000, clients: 4, total });
  const figures: Record<'on' | 'off', Side> = {
    on: { page: [], ingest: [], ingestCpu: [], ingestDbCpu: [], batch: [] },
    off: { page: [], ingest: [], ingestCpu: [], ingestDbCpu: [], batch: [] },
  };
  const measure = async (on: boolean) => {
    await setRowLevelSecurity(ctx, on);
    // The ANALYZE a previous run's inserts started in the background (src/db/maintenance.ts)
    // finishes before this run is timed, not during it (on PGlite it holds the one connection).
    await statisticsSettled(ctx.db);
    const side = figures[on ? 'on' : 'off'];
    auth = await ctx.server.bearer(ctx.dataset.companyId, 'rep');
    side.page.push(percentile(await sample(ctx.options.samples, 20, page), 50));
    const run = await ingest();
    side.ingest.push(run.rate);
    side.ingestCpu.push(run.cpu.node + run.cpu.db);
    side.ingestDbCpu.push(run.cpu.db);
  };
  try {
    // Unmeasured: the first ingest of a run warms the server's code paths and the table's pages.
    await httpIngestRate(ctx, { batchSize: 1000, clients: 4, total: Math.min(total, 5000) });
    for (let i = 0; i < PAIRS; i++) {
      const first = i % 2 === 0;
      await measure(first);
      await measure(!first);
    }
    // Runs of tens of thousands of events still differ by more than the cost (the table grows, the
    // background ANALYZE and autovacuum come and go): many pairs of single batches, adjacent in
    // time, see the same table and the same neighbours, and their median settles.
    for (let i = 0; i < BATCH_PAIRS; i++) {
      const first = i % 2 === 0;
      for (const on of [first, !first]) {
        await setRowLevelSecurity(ctx, on);
        const started = performance.now();
        await httpIngestRate(ctx, { batchSize: 1000, clients: 1, total: 1000 });
        figures[on ? 'on' : 'off'].batch.push(performance.now() - started);
      }
    }
  } finally {
    await setRowLevelSecurity(ctx, true);
  }
  const add = (what: string, unit: string, on: number[], off: number[]) => {
    for (const [label, values] of [
      ['RLS on', on],
      ['RLS off', off],
    ] as const)
      ctx.results.add({
        section: 'rls',
        measure: `${what}, ${label}`,
        engine: ctx.engine,
        value: median(values),
        unit,
        runs: values,
      });
    const costs = pairCosts(on, off, unit === 'events/s');
    const row = (measure: string, value: number, runs?: number[]) =>
      ctx.results.add({
        section: 'rls',
        measure: `${what}: ${measure}`,
        engine: ctx.engine,
        value,
        unit: '%',
        runs,
      });
    row(`cost of RLS, median of ${costs.length} on/off pairs`, median(costs), costs);
    row('cost of RLS, lowest pair', Math.min(...costs));
    row('cost of RLS, highest pair', Math.max(...costs));
    if (costs.length > PAIRS) {
      row('cost of RLS, pairs p25', percentile(costs, 25));
      row('cost of RLS, pairs p75', percentile(costs, 75));
      const [low, high] = medianInterval(costs);
      row('cost of RLS, 95 % confidence interval of the median, low', low);
      row('cost of RLS, 95 % confidence interval of the median, high', high);
    }
  };
  add('company timeline, first page: server-side p50', 'ms', figures.on.page, figures.off.page);
  add(
    `HTTP batch API, 1,000 per batch, 4 clients, ${total.toLocaleString('en')} events a run`,
    'events/s',
    figures.on.ingest,
    figures.off.ingest,
  );
  // The rate swings with the machine's other work by more than the cost measured (pairs from −22 %
  // to +27 % in session 12); the CPU the policies add per event does not.
  add(
    `HTTP batch API, ${total.toLocaleString('en')} events a run: CPU per 1,000 events (Node + PostgreSQL)`,
    'ms',
    figures.on.ingestCpu,
    figures.off.ingestCpu,
  );
  add(
    `HTTP batch API, one client, one batch of 1,000 events (${BATCH_PAIRS} pairs): wall time`,
    'ms',
    figures.on.batch,
    figures.off.batch,
  );
  add(
    `HTTP batch API, ${total.toLocaleString('en')} events a run: PostgreSQL CPU per 1,000 events`,
    'ms',
    figures.on.ingestDbCpu,
    figures.off.ingestDbCpu,
  );
}
