/**
 * A replica read stops when told to, whenever the stop comes: DuckDB forgets an interrupt sent
 * before its query has started on its thread, and such a query ran on for minutes, holding a
 * reader (found as the analytics guard's test waiting 65 s for the app to close).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../db/connect.js';
import { AnalyticsReplica } from './replica.js';

// Runs for minutes unless interrupted (a recursive count to a billion); bound like the app's reads.
const SLOW =
  'with recursive r(n) as (select 1 union all select n + 1 from r where n < $max) select count(*) as n from r';
const MAX = { max: 1_000_000_000 };

let replica: AnalyticsReplica;
beforeAll(async () => {
  // One reader, so every read here uses the same connection. Reads never touch the database.
  replica = await AnalyticsReplica.open({} as Db, { dir: null, threads: 1, readers: 1 });
});
afterAll(async () => {
  await replica?.close();
});

it('a stop just after the call interrupts the query; the next read on that connection runs', async () => {
  // Stops landing while the query is prepared, bound or just handed to DuckDB's thread.
  const soon = [(f: () => void) => queueMicrotask(f), setImmediate, (f: () => void) => setTimeout(f, 1)];
  for (const when of soon) {
    const stop = new AbortController();
    const started = Date.now();
    const read = replica.read(SLOW, MAX, {}, stop.signal);
    when(() => stop.abort(new Error('client gone')));
    await expect(read).rejects.toThrow(/interrupt|client gone/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  }
  // The repeated interrupt ended with its query: it does not hit the next one.
  await new Promise((r) => setTimeout(r, 100));
  expect(await replica.read('select 42 as n')).toEqual([{ n: 42 }]);
});

it('a stop that came first runs nothing and answers its reason', async () => {
  const stop = new AbortController();
  const reason = new Error('deadline passed');
  stop.abort(reason);
  await expect(replica.read(SLOW, MAX, {}, stop.signal)).rejects.toBe(reason);
  expect(await replica.read('select 7 as n')).toEqual([{ n: 7 }]);
});

it('a stop while the query runs interrupts it', async () => {
  const stop = new AbortController();
  const read = replica.read(SLOW, MAX, {}, stop.signal);
  setTimeout(() => stop.abort(new Error('timeout')), 200);
  await expect(read).rejects.toThrow(/interrupt/i);
});
