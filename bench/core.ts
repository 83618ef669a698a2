/**
 * The core section (issue 2): timeline page latency at the loaded size, then ingest throughput over
 * HTTP with the bare-SQL ceilings beside it. Timeline first, so it is measured at exactly N events.
 */
import type { BenchContext } from './lib/context.js';
import {
  bareCopyRate,
  bareInsertRate,
  directIngestRate,
  httpIngestRate,
  type IngestRun,
} from './lib/ingest.js';
import { benchRlsCost } from './lib/rls-cost.js';
import { median } from './lib/stats.js';
import { benchTimeline } from './lib/timeline.js';

/** Runs a throughput measure `runs` times; records the median rate and the median CPU per 1,000. */
async function repeat(ctx: BenchContext, measure: string, fn: () => Promise<IngestRun>) {
  const runs: IngestRun[] = [];
  for (let i = 0; i < ctx.options.runs; i++) runs.push(await fn());
  const add = (suffix: string, unit: string, values: number[]) => {
    if (values.every((v) => Number.isNaN(v))) return;
    const m = `${measure}${suffix}`;
    ctx.results.add({
      section: 'ingest',
      measure: m,
      engine: ctx.engine,
      value: median(values),
      unit,
      runs: values,
    });
  };
  add(
    '',
    'events/s',
    runs.map((r) => r.rate),
  );
  add(
    ': Node CPU per 1,000',
    'ms',
    runs.map((r) => r.cpu.node),
  );
  if (ctx.engine === 'postgres')
    add(
      ': PostgreSQL CPU per 1,000',
      'ms',
      runs.map((r) => r.cpu.db),
    );
  add(
    ': of which analytics upkeep per 1,000 (wall)',
    'ms',
    runs.map((r) => r.analyticsMs ?? Number.NaN),
  );
}

export async function benchCore(ctx: BenchContext): Promise<void> {
  ctx.log('timeline pages…');
  await benchTimeline(ctx);
  ctx.log('row-level security on and off…');
  await benchRlsCost(ctx);
  const total = ctx.options.ingestEvents;
  ctx.log(`ingest: ${total.toLocaleString('en')} events per run, ${ctx.options.runs} runs…`);
  await repeat(ctx, 'HTTP batch API, 1,000 per batch, 4 clients', () =>
    httpIngestRate(ctx, { batchSize: 1000, clients: 4, total }),
  );
  await repeat(ctx, 'HTTP batch API, 5,000 per batch, 2 clients', () =>
    httpIngestRate(ctx, { batchSize: 5000, clients: 2, total }),
  );
  // The two above spread event times over 30 days; live traffic lands in the current hours.
  await repeat(ctx, 'HTTP batch API, 1,000 per batch, 4 clients, live (last 10 min)', () =>
    httpIngestRate(ctx, { batchSize: 1000, clients: 4, total, spread: 'live' }),
  );
  await repeat(ctx, 'insertEvents direct (no HTTP), 1,000 per call, 1 caller', () =>
    directIngestRate(ctx, 1000, total / 2),
  );
  await repeat(ctx, 'bare multi-row INSERT, 1,000 rows per transaction, 1 client', () =>
    bareInsertRate(ctx, total / 2),
  );
  await repeat(ctx, 'bare COPY, 1 client', () => bareCopyRate(ctx, total / 2));
}
