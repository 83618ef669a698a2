/**
 * KPIs 1–4 and 8 (analytics part A): p50/p95 server-side latency (app.inject: routing, auth,
 * validation, queries, serialization; no socket) for a 90-day and a 12-month range ending now.
 * A section of `npm run bench` (bench/run.ts calls benchAnalytics), or alone:
 *   node --import tsx bench/analytics.ts [--engine pglite|postgres] [--events 1000000] [--samples 30]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { signToken } from '../src/auth/tokens.js';
import type { Engine } from '../src/db/connect.js';
import type { BenchContext } from './lib/context.js';
import { loadDataset } from './lib/dataset.js';
import { recordLatency, sampleGet } from './lib/http-samples.js';
import { openBenchDb } from './lib/open-engine.js';
import { ensureReplica } from './lib/replica.js';
import { Results } from './lib/results.js';
import { startServer } from './lib/server.js';
import { percentile } from './lib/stats.js';

const DAY = 86_400_000;
/** Per measure: stop after `samples` or this much time, whichever first (slow ones get fewer). */
const BUDGET_MS = 10_000;

export async function benchAnalytics(ctx: BenchContext): Promise<void> {
  await ensureReplica(ctx);
  const company = ctx.dataset.companyId;
  const exec = `Bearer ${await signToken(ctx.server.secret, { userId: randomUUID(), companyId: company, role: 'executive', teamId: null })}`;
  const targets: Array<[string, string]> = [
    ['KPI 1 volume by type', '/api/v1/analytics/volume?dimension=type&compare=previous&'],
    ['KPI 1 volume by user', '/api/v1/analytics/volume?dimension=user&'],
    ['KPI 1 volume by segment', '/api/v1/analytics/volume?dimension=segment&'],
    ['KPI 2 response times', '/api/v1/analytics/response-times?'],
    ['KPI 2 response times, business hours', '/api/v1/analytics/response-times?hours=business&'],
    ['KPI 3 engagement', '/api/v1/analytics/engagement?'],
    ['KPI 4 patterns', '/api/v1/analytics/patterns?'],
    ['KPI 8 real-time', '/api/v1/analytics/realtime?'],
  ];
  const now = Date.now();
  for (const days of [90, 365]) {
    const range = `from=${new Date(now - days * DAY).toISOString()}&to=${new Date(now).toISOString()}&tz=UTC`;
    for (const [label, path] of targets) {
      // Real-time has no range: measured once.
      if (label.startsWith('KPI 8') && days !== 90) continue;
      const url = label.startsWith('KPI 8') ? `${path}tz=UTC` : `${path}${range}`;
      const s = await sampleGet(ctx, url, exec, { min: 5, budgetMs: BUDGET_MS });
      const span = label.startsWith('KPI 8') ? 'last hour' : days === 90 ? '90 days' : '12 months';
      recordLatency(ctx, 'analytics', `${label}, ${span}`, s);
      ctx.log(
        `  ${label}, ${span}: p50 ${percentile(s.samples, 50).toFixed(1)} ms${s.failures.length ? `, ${s.failures.length} failed` : ''}`,
      );
    }
  }
}

/** Standalone: a fresh database, the dataset, this section only. */
async function main() {
  const { values: o } = parseArgs({
    options: {
      engine: { type: 'string', default: 'pglite' },
      events: { type: 'string', default: '1000000' },
      samples: { type: 'string', default: '30' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench_analytics' },
    },
  });
  const engine = o.engine as Engine;
  const log = (line: string) => console.log(`[${engine}] ${line}`);
  const bench = await openBenchDb(engine, o['pg-url'] as string);
  const server = await startServer(bench.db);
  const results = new Results();
  try {
    const dataset = await loadDataset(bench.db, Number(o.events), log);
    const options = { events: Number(o.events), ingestEvents: 0, runs: 1, samples: Number(o.samples) };
    await benchAnalytics({ engine, db: bench.db, url: bench.url, dataset, server, results, options, log });
  } finally {
    await server.close();
    await bench.dispose();
  }
  console.log(`\n${results.table()}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
