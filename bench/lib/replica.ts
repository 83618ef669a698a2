/** The analytics replica for the analytics sections: started (and loaded) once per engine. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './context.js';

export async function ensureReplica(ctx: BenchContext): Promise<void> {
  if (ctx.server.replica) return;
  ctx.log('analytics replica: loading…');
  // The peak working set is during the load (its staging and fact pass), not after it: sampled,
  // with the V8 heap of that instant (the rest is DuckDB's and the allocator's).
  const peak = { rss: 0, heap: 0, at: 0 };
  const started = performance.now();
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss)
      Object.assign(peak, { rss: m.rss, heap: m.heapUsed, at: performance.now() - started });
  }, 100);
  const { seconds, dir } = await ctx.server.startReplica().finally(() => clearInterval(sampler));
  const bytes = readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  const events = ctx.dataset.events.toLocaleString('en');
  ctx.results.add({
    section: 'replica',
    measure: `load ${events} events from the database`,
    engine: ctx.engine,
    value: seconds,
    unit: 's',
  });
  ctx.results.add({
    section: 'replica',
    measure: `size on disk, ${events} events`,
    engine: ctx.engine,
    value: bytes / 2 ** 20,
    unit: 'MiB',
  });
  ctx.results.add({
    section: 'replica',
    measure: 'process RSS after the load',
    engine: ctx.engine,
    value: process.memoryUsage().rss / 2 ** 20,
    unit: 'MiB',
  });
  ctx.results.add({
    section: 'replica',
    measure: 'process RSS peak during the load',
    engine: ctx.engine,
    value: peak.rss / 2 ** 20,
    unit: 'MiB',
  });
  ctx.results.add({
    section: 'replica',
    measure: 'V8 heap used at that peak',
    engine: ctx.engine,
    value: peak.heap / 2 ** 20,
    unit: 'MiB',
  });
  ctx.log(
    `analytics replica: RSS peak ${(peak.rss / 2 ** 20).toFixed(0)} MiB (V8 heap ${(peak.heap / 2 ** 20).toFixed(0)} MiB) ${(peak.at / 1000).toFixed(0)} s into the load`,
  );
  ctx.log(
    `analytics replica: loaded in ${seconds.toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(0)} MiB on disk`,
  );
}

/** Records the process RSS now (after the analytics sections: the peak working set shows here). */
export function recordRss(ctx: BenchContext, when: string): void {
  ctx.results.add({
    section: 'replica',
    measure: `process RSS ${when}`,
    engine: ctx.engine,
    value: process.memoryUsage().rss / 2 ** 20,
    unit: 'MiB',
  });
}
