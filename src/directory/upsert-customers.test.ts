/**
 * Directory writes against ingest on PostgreSQL (PGlite has one connection, so nothing runs
 * concurrently there): a write that keeps every segment does not wait for the company write lock an
 * ingest holds; a segment change waits for it, then moves the events exactly.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../analytics/rollups/rebuild.js';
import type { Db } from '../db/connect.js';
import { insertEvents, storeEvents } from '../events/queries/write-events.js';
import { newCompany } from '../test/app.js';
import { openTestDb } from '../test/engines.js';
import { newEventRow } from '../test/factories.js';
import { upsertCustomers } from './queries.js';

describe.skipIf(!process.env.TEST_DATABASE_URL)('upsertCustomers beside ingest [postgres]', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb('postgres');
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('waits for the company write lock only when a segment changes, then moves the events exactly', async () => {
    const co = newCompany();
    const scope = co.scope(db);
    const [c1, c2, c3, c4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await upsertCustomers(scope, [
      { id: c1, name: 'One', segment: 'A' },
      { id: c2, name: 'Two', segment: 'B' },
    ]);
    const day = (d: number, customer: string) =>
      newEventRow({ customer_id: customer, event_timestamp: new Date(Date.UTC(2025, 0, d, 10)) });
    // c3 is not in the directory yet: its events count under 'unknown'.
    await insertEvents(scope, [day(1, c1), day(2, c2), day(1, c3)]);
    // Committed, upkeep still pending (as between an ingest's commit and its upkeep).
    await storeEvents(scope, [day(2, c1), day(2, c3)]);
    const applied = () => appliedSeq(db, co.id);
    expect(await applied()).toBe(3);

    // An ingest holds the lock: names, owners, a repeated segment and a new customer without one pass.
    const ingest = await holdCompanyLock(db, co.id);
    try {
      await within(
        upsertCustomers(scope, [
          { id: c1, name: 'One renamed', segment: 'A' },
          { id: c2, name: 'Two', segment: 'B', owner_user_id: randomUUID() },
          { id: c4, name: 'Four', segment: null },
        ]),
        5_000,
      );
    } finally {
      await ingest.release();
    }
    expect(await applied()).toBe(3); // nothing drained
    const names = await db.kysely
      .selectFrom('customers')
      .select(['id', 'name'])
      .where('company_id', '=', co.id)
      .orderBy('name')
      .execute();
    expect(names.map((n) => n.name)).toEqual(['Four', 'One renamed', 'Two']);

    // A segment change (c1: A → B) and a new customer with events (c3: unknown → A) wait for it.
    const again = await holdCompanyLock(db, co.id);
    let settled = false;
    const change = upsertCustomers(scope, [
      { id: c1, name: 'One renamed', segment: 'B' },
      { id: c3, name: 'Three', segment: 'A' },
    ]).finally(() => {
      settled = true;
    });
    try {
      await waitUntilBlockedBy(db, again.pid);
      expect(settled).toBe(false);
    } finally {
      await again.release();
    }
    await change;
    expect(await applied()).toBe(5); // drained before the move
    // By hand: c1's two events in B, c2's one in B, c3's two in A.
    const bySegment = await sql<{
      segment: string;
      events: number;
    }>`select segment, sum(events)::int as events
      from analytics_daily where company_id = ${co.id}::uuid group by 1 order by 1`.execute(db.kysely);
    expect(bySegment.rows).toEqual([
      { segment: 'A', events: 2 },
      { segment: 'B', events: 3 },
    ]);
    const maintained = await coarseRollups(db, co.id);
    await rebuildRollups(db.kysely, co.id);
    expect(await coarseRollups(db, co.id)).toEqual(maintained);
  });

  it('concurrent directory writes and ingest of the same customers: no deadlock, rollups equal a rebuild', async () => {
    const co = newCompany();
    const scope = co.scope(db);
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const pick = (i: number) => ids[i % ids.length] as string;
    const segments = ['A', 'B', null, 'unknown'];
    // Each writer names the customers in its own order, half of them new on the first rounds.
    const directory = (w: number) =>
      (async () => {
        for (let round = 0; round < 4; round++) {
          const chunk = Array.from({ length: 8 }, (_, k) => ({
            id: pick(w * 5 + k * (w + 1) + round),
            name: `C${w}.${round}`,
            segment: segments[(w + k + round) % segments.length] ?? null,
          })).filter((c, k, all) => all.findIndex((o) => o.id === c.id) === k);
          await upsertCustomers(scope, w % 2 ? chunk.reverse() : chunk);
        }
      })();
    const ingest = (async () => {
      for (let round = 0; round < 6; round++) {
        await insertEvents(
          scope,
          Array.from({ length: 10 }, (_, k) => newEventRow({ customer_id: pick(round * 3 + k) })),
        );
      }
    })();
    await Promise.all([directory(0), directory(1), directory(2), ingest]);
    const maintained = await coarseRollups(db, co.id);
    await rebuildRollups(db.kysely, co.id);
    expect(await coarseRollups(db, co.id)).toEqual(maintained);
  });
});

/** Holds the company's sequence row lock in an open transaction, as an ingest does while it inserts. */
async function holdCompanyLock(db: Db, companyId: string) {
  let locked: (pid: number) => void = () => {};
  let release: () => void = () => {};
  const pid = new Promise<number>((resolve) => {
    locked = resolve;
  });
  const done = db.kysely.transaction().execute(async (trx) => {
    await sql`insert into company_sequences (company_id, last_seq) values (${companyId}::uuid, 0)
      on conflict (company_id) do update set last_seq = company_sequences.last_seq`.execute(trx);
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
    locked(Number(rows[0]?.pid));
    await new Promise<void>((resolve) => {
      release = resolve;
    });
  });
  return {
    pid: await Promise.race([pid, done.then(() => -1)]),
    release: async () => {
      release();
      await done;
    },
  };
}

async function waitUntilBlockedBy(db: Db, pid: number, ms = 5_000) {
  const until = Date.now() + ms;
  for (;;) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where ${pid}::int = any(pg_blocking_pids(pid))`.execute(db.kysely);
    if ((rows[0]?.n ?? 0) > 0) return;
    if (Date.now() > until) throw new Error(`nothing waited for backend ${pid} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function appliedSeq(db: Db, companyId: string) {
  const { rows } = await sql<{ seq: number }>`select applied_seq::int as seq from analytics_upkeep_state
    where company_id = ${companyId}::uuid`.execute(db.kysely);
  return rows[0]?.seq ?? 0;
}

/** The day and hour rows, the tables a segment move writes. */
async function coarseRollups(db: Db, companyId: string) {
  const read = (table: 'analytics_daily' | 'analytics_hourly', at: 'day' | 'hour') =>
    sql`select ${sql.ref(at)}::text as at, event_type, event_source, direction, segment, events,
        duration_minutes, scheduled from ${sql.table(table)} where company_id = ${companyId}::uuid
      order by 1, 2, 3, 4, 5`.execute(db.kysely);
  return {
    daily: (await read('analytics_daily', 'day')).rows,
    hourly: (await read('analytics_hourly', 'hour')).rows,
  };
}
