/**
 * The replica's full load alone: its time, size on disk and the process's memory peak during it
 * (and the V8 heap at that peak), without the KPI sections after it. For work on the load itself.
 * A section of `npm run bench` (`--only load`).
 */
import type { BenchContext } from './lib/context.js';
import { ensureReplica } from './lib/replica.js';

export async function benchLoad(ctx: BenchContext): Promise<void> {
  await ensureReplica(ctx);
}
