import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesceReloads } from './coalesce-reloads.js';

/** A reload that takes `ms` (fake time) and records when each one started and how many overlapped. */
function recorder(ms: number, fail = false) {
  const starts: number[] = [];
  let running = 0;
  let maxRunning = 0;
  const run = async () => {
    starts.push(Date.now());
    maxRunning = Math.max(maxRunning, ++running);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running--;
    if (fail) throw new Error('reload failed');
  };
  return { run, starts, max: () => maxRunning };
}

describe('coalesceReloads', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts the first reload at once', () => {
    const r = recorder(100);
    coalesceReloads(r.run, 1000).request();
    expect(r.starts).toEqual([0]);
  });

  it('turns a burst of 200 requests into the reload in flight plus one trailing reload', async () => {
    const r = recorder(100);
    const reloads = coalesceReloads(r.run, 1000);
    for (let i = 0; i < 200; i++) reloads.request();
    await vi.advanceTimersByTimeAsync(10_000);
    // The second one waits for the gap, not only for the first to end (at 100 ms).
    expect(r.starts).toEqual([0, 1000]);
  });

  it('a burst spread over 2.5 s gives a few reloads, the last starting after the last request', async () => {
    const r = recorder(150);
    const reloads = coalesceReloads(r.run, 1000);
    for (let i = 0; i < 250; i++) {
      reloads.request();
      await vi.advanceTimersByTimeAsync(10);
    }
    const lastRequest = Date.now() - 10;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.starts).toEqual([0, 1000, 2000, 3000]);
    expect(r.starts.at(-1)).toBeGreaterThan(lastRequest);
  });

  it('never runs two at once: a slow reload holds the next one back until it ends', async () => {
    const r = recorder(3000);
    const reloads = coalesceReloads(r.run, 1000);
    reloads.request();
    await vi.advanceTimersByTimeAsync(500);
    reloads.request();
    await vi.advanceTimersByTimeAsync(1000);
    reloads.request();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.starts).toEqual([0, 3000]);
    expect(r.max()).toBe(1);
  });

  it('a quiet list reloads at once again once the gap has passed', async () => {
    const r = recorder(100);
    const reloads = coalesceReloads(r.run, 1000);
    reloads.request();
    await vi.advanceTimersByTimeAsync(5000);
    reloads.request();
    expect(r.starts).toEqual([0, 5000]);
  });

  it('a failed reload does not stop the next one', async () => {
    const r = recorder(100, true);
    const reloads = coalesceReloads(r.run, 1000);
    reloads.request();
    reloads.request();
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.starts).toEqual([0, 1000]);
  });

  it('dispose drops the waiting reload', async () => {
    const r = recorder(100);
    const reloads = coalesceReloads(r.run, 1000);
    reloads.request();
    reloads.request();
    reloads.dispose();
    reloads.request();
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.starts).toEqual([0]);
  });
});
