/** Tests of "the database's clock, not the process's": run code with this process's clock skewed. */
import { vi } from 'vitest';

/**
 * Runs `fn` with `Date` (only: timers keep real time) set `skewMs` off the database's clock `dbNow`
 * and held there. PGlite runs in this process and may read the skewed clock, so only a separate
 * PostgreSQL server can show the two clocks disagree; tests assert against what the database says.
 */
export async function withSkewedClock<T>(dbNow: Date, skewMs: number, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(dbNow.getTime() + skewMs);
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}
