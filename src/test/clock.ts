/** Tests of "the database's clock, not the process's": run code with this process's clock skewed. */
import type { Kysely } from 'kysely';
import { expect, vi } from 'vitest';
import { databaseNow } from '../db/clock.js';

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

/** A skewed run's result and the database's clock read just before it and at its end. */
export interface SkewedRun<T> {
  value: T;
  before: Date;
  after: Date;
}

/**
 * Reads the database's now(), runs `fn` with this process's clock `skewMs` off it, and reads now()
 * again at the end (still skewed): an instant the code took from the database lies in between.
 */
export async function runSkewed<T, DB>(
  db: Kysely<DB>,
  skewMs: number,
  fn: () => Promise<T>,
): Promise<SkewedRun<T>> {
  const before = await databaseNow(db);
  return withSkewedClock(before, skewMs, async () => {
    const value = await fn();
    return { value, before, after: await databaseNow(db) };
  });
}

/** `instant` was taken from the database's clock during `run` (with the tests' second of slack below). */
export function expectDuring(instant: Date | string, run: Pick<SkewedRun<unknown>, 'before' | 'after'>) {
  const at = new Date(instant).getTime();
  expect(at).toBeGreaterThanOrEqual(run.before.getTime() - 1000);
  expect(at).toBeLessThanOrEqual(run.after.getTime());
}
