/**
 * Report preview (the builder's live preview, POST /api/v1/reports/preview): p50/p95 server-side
 * latency (app.inject: routing, auth, validation, replica queries, serialization; no socket) for a
 * 90-day range ending now, over a few representative definitions. Target: p95 ≤ 300 ms at 1M events
 * on PostgreSQL. A section of `npm run bench` (`--only reports`), or alone:
 *   node --import tsx bench/reports.ts [--engine pglite|postgres] [--events 100000]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { signToken } from '../src/auth/tokens.js';
import type { Engine } from '../src/db/connect.js';
import type { BenchContext } from './lib/context.js';
import { loadDataset } from './lib/dataset.js';
import { openBenchDb } from './lib/open-engine.js';
import { ensureReplica } from './lib/replica.js';
import { Results } from './lib/results.js';
import { startServer } from './lib/server.js';
import { percentile } from './lib/stats.js';

const DAY = 86_400_000;
const BUDGET_MS = 15_000;

const DEFINITIONS: Array<[string, Record<string, unknown>]> = [
  [
    'activities, inbound, outbound by day × type',
    { metrics: ['activities', 'inbound', 'outbound'], dimensions: ['day', 'type'], visualization: 'line' },
  ],
  [
    'customers, success rate, median duration by user',
    { metrics: ['customers', 'success_rate', 'median_duration'], dimensions: ['user'], visualization: 'bar' },
  ],
  [
    'completion rate by team × segment',
    { metrics: ['completion_rate'], dimensions: ['team', 'segment'], visualization: 'heatmap' },
  ],
  [
    'first response median and p90 by week',
    { metrics: ['first_response_median', 'first_response_p90'], dimensions: ['week'], visualization: 'line' },
  ],
];

async function measure(ctx: BenchContext, payload: object, authorization: string): Promise<number[]> {
  const call = async () => {
    const res = await ctx.server.app.inject({
      method: 'POST',
      url: '/api/v1/reports/preview',
      payload,
      headers: { authorization },
    });
    if (res.statusCode !== 200)
      throw new Error(`preview answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  };
  await call(); // warm-up: plans, caches, JIT
  const samples: number[] = [];
  const started = performance.now();
  while (
    samples.length < ctx.options.samples &&
    (samples.length < 3 || performance.now() - started < BUDGET_MS)
  ) {
    const t = performance.now();
    await call();
    samples.push(performance.now() - t);
  }
  return samples;
}

export async function benchReports(ctx: BenchContext): Promise<void> {
  await ensureReplica(ctx);
  const token = await signToken(ctx.server.secret, {
    userId: randomUUID(),
    companyId: ctx.dataset.companyId,
    role: 'executive',
    teamId: null,
  });
  const now = Date.now();
  const period = {
    from: new Date(now - 90 * DAY).toISOString(),
    to: new Date(now).toISOString(),
    tz: 'Europe/Paris',
  };
  for (const [label, definition] of DEFINITIONS) {
    const s = await measure(ctx, { definition, ...period }, `Bearer ${token}`);
    for (const p of [50, 95])
      ctx.results.add({
        section: 'reports',
        measure: `report preview, ${label}, 90 days: server-side p${p}`,
        engine: ctx.engine,
        value: percentile(s, p),
        unit: 'ms',
        note: `${s.length} samples; target p95 ≤ 300 ms at 1M events on PostgreSQL`,
      });
  }
}

/** Standalone: a fresh database, the dataset, this section only. */
async function main() {
  const { values: o } = parseArgs({
    options: {
      engine: { type: 'string', default: 'pglite' },
      events: { type: 'string', default: '100000' },
      samples: { type: 'string', default: '50' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench_reports' },
    },
  });
  const engine = o.engine as Engine;
  const log = (line: string) => console.log(`[${engine}] ${line}`);
  const bench = await openBenchDb(engine, o['pg-url'] as string, { reuse: false });
  const server = await startServer(bench.db);
  const results = new Results();
  try {
    const dataset = await loadDataset(bench.db, Number(o.events), log);
    const options = { events: Number(o.events), ingestEvents: 0, runs: 1, samples: Number(o.samples) };
    await benchReports({ engine, db: bench.db, url: bench.url, dataset, server, results, options, log });
  } finally {
    await server.close();
    await bench.dispose();
  }
  console.log(`\n${results.table()}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
