/** The analytics replica for the analytics sections: started (and loaded) once per engine. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './context.js';

export async function ensureReplica(ctx: BenchContext): Promise<void> {
  if (ctx.server.replica) return;
  ctx.log('analytics replica: loading…');
  const { seconds, dir } = await ctx.server.startReplica();
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
