/**
 * In-process memory measures for the export benchmarks (export-memory.ts, export-ab.ts): the peak
 * growth of RSS, V8 heap and external memory while some work runs, and a sink that drains like a
 * socket. Run node with --expose-gc for a settled baseline.
 */
import { Writable } from 'node:stream';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

export interface Peak {
  rss: number;
  heap: number;
  external: number;
}

/**
 * Peak growth over the settled baseline while `work` runs. `live`: collect garbage before each
 * sample, so the peak is of what is live, not of what awaits collection (sampled less often).
 */
export async function withPeaks<T>(
  work: () => Promise<T>,
  live = false,
): Promise<{ result: T; peak: Peak; seconds: number }> {
  gc();
  gc();
  const base = process.memoryUsage();
  const peak: Peak = { rss: 0, heap: 0, external: 0 };
  const sample = () => {
    if (live) gc();
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss - base.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed - base.heapUsed);
    peak.external = Math.max(peak.external, m.external + m.arrayBuffers - base.external - base.arrayBuffers);
  };
  const timer = setInterval(sample, live ? 200 : 20);
  const started = performance.now();
  try {
    const result = await work();
    sample();
    return { result, peak, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

/** A consumer like a socket: 16 KiB buffer, each write done on the next turn of the event loop. */
export function socketLike(): Writable & { bytes: number } {
  const sink = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      sink.bytes += chunk.length;
      setImmediate(done);
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}
