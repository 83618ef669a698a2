import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Db, openDb } from './connect.js';
import { migrate } from './migrate.js';
import { PGliteThread } from './pglite-thread.js';
import type { Database } from './types.js';

/** Counts how often a 5 ms timer fires while `work` runs: it cannot fire while the loop is blocked. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

// Long enough on any machine that a free event loop fires the 5 ms timer many times.
const slowQuery = (k: Kysely<Database>) =>
  sql`select count(*) from generate_series(1, 1500000) g where g % 7 = 3`.execute(k);

describe('embedded database on a worker thread', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ engine: 'pglite', thread: true });
    await migrate(db); // multi-statement scripts go through exec
  });
  afterAll(async () => {
    await db.close();
  });

  it('returns rows with the same types as the in-process engine', async () => {
    const { rows } = await sql<{
      n: number;
      x: number;
      d: string;
      t: Date;
      j: { a: number[] };
      s: string | null;
    }>`select 12345678901::int8 as n, 2.5::numeric as x, date '2026-03-29' as d,
      timestamptz '2026-03-29T01:30:00Z' as t, '{"a":[1,2]}'::jsonb as j, null::text as s`.execute(db.kysely);
    expect(rows).toEqual([
      {
        n: 12345678901,
        x: 2.5,
        d: '2026-03-29',
        t: new Date('2026-03-29T01:30:00Z'),
        j: { a: [1, 2] },
        s: null,
      },
    ]);
  });

  it('keeps transactions: a failed one leaves nothing, a committed one is read back', async () => {
    await sql`create table thread_probe (id int primary key, v text)`.execute(db.kysely);
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await sql`insert into thread_probe values (1, 'rolled back')`.execute(trx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await db.kysely.transaction().execute(async (trx) => {
      await sql`insert into thread_probe values (2, 'kept')`.execute(trx);
    });
    const { rows } = await sql<{ id: number; v: string }>`select id, v from thread_probe`.execute(db.kysely);
    expect(rows).toEqual([{ id: 2, v: 'kept' }]);
  });

  it('passes PostgreSQL errors with their SQLSTATE code and constraint', async () => {
    const error = await sql`insert into thread_probe values (2, 'again')`.execute(db.kysely).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', constraint: 'thread_probe_pkey' });
    expect(String(error.message)).toMatch(/duplicate key/);
  });

  it('delivers NOTIFY to listeners, and no more after unsubscribing', async () => {
    const got: string[] = [];
    const unsubscribe = await db.listen('thread_chan', (p) => got.push(p));
    await sql`select pg_notify('thread_chan', 'one')`.execute(db.kysely);
    await expect.poll(() => got).toEqual(['one']);
    await unsubscribe();
    await sql`select pg_notify('thread_chan', 'two')`.execute(db.kysely);
    await sql`select 1`.execute(db.kysely); // any notification would have arrived before this answer
    expect(got).toEqual(['one']);
  });

  it('leaves the event loop free while a query runs (the in-process engine blocks it)', async () => {
    const inProcess = await openDb({ engine: 'pglite' });
    try {
      const blocked = await ticksDuring(() => slowQuery(inProcess.kysely));
      const free = await ticksDuring(() => slowQuery(db.kysely));
      expect(blocked).toBeLessThanOrEqual(1);
      expect(free).toBeGreaterThanOrEqual(5);
    } finally {
      await inProcess.close();
    }
  });
});

describe('embedded database on a worker thread, on disk', () => {
  it('keeps its data in the same directory the in-process engine reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thread-'));
    try {
      const first = await openDb({ engine: 'pglite', dataDir: dir, thread: true });
      try {
        await sql`create table kept (v text)`.execute(first.kysely);
        await sql`insert into kept values ('from the thread')`.execute(first.kysely);
      } finally {
        await first.close();
      }
      const again = await openDb({ engine: 'pglite', dataDir: dir });
      try {
        const { rows } = await sql<{ v: string }>`select v from kept`.execute(again.kysely);
        expect(rows).toEqual([{ v: 'from the thread' }]);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('embedded database thread that dies', () => {
  it('fails pending and later queries with a clear error and reports the crash', async () => {
    const onCrash = vi.fn();
    const thread = await PGliteThread.open(undefined, [], onCrash);
    const pending = thread.query('select count(*) from generate_series(1, 3000000)');
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(pending).rejects.toThrow(/embedded database thread stopped/);
    await expect(thread.query('select 1')).rejects.toThrow(/embedded database thread stopped/);
    expect(onCrash).toHaveBeenCalledTimes(1);
  });
});
