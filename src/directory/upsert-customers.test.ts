/**
 * Directory writes against ingest on PostgreSQL (PGlite has one connection, so nothing runs
 * concurrently there): a write that keeps every segment does not wait for the company sequence
 * lock an ingest holds; a segment change waits for it (it is logged in the change log, in order
 * with the events), and the analytics replica then counts every event under its new segment.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryReplica } from '../analytics/replica/query.js';
import type { Db } from '../db/connect.js';
import type { Scope } from '../db/scope.js';
import { insertEvents } from '../events/queries/write-events.js';
import { newCompany } from '../test/app.js';
import { openTestDb } from '../test/engines.js';
import { newEventRow } from '../test/factories.js';
import { upsertCustomers } from './queries.js';

/** Live events per segment as the analytics replica counts them ('unknown' without one). */
const replicaBySegment = (scope: Scope) =>
  queryReplica<{ segment: string; events: number }>(
    scope,
    (p) => `select coalesce(c.segment, 'unknown') as segment, count(*) as events
      from events e left join customers c on c.company_id = e.company_id and c.id = e.customer_id
      where e.company_id = ${p.uuid(scope.companyId)} group by 1 order by 1`,
  );

/** The same from the system of record. */
async function sourceBySegment(db: Db, companyId: string) {
  const { rows } = await sql<{ segment: string; events: number }>`
    select coalesce(c.segment, 'unknown') as segment, count(*)::int as events
    from crm_activity_events e left join customers c on c.company_id = e.company_id and c.id = e.customer_id
    where e.company_id = ${companyId}::uuid and not e.is_deleted group by 1 order by 1`.execute(db.kysely);
  return rows;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('upsertCustomers beside ingest [postgres]', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb('postgres');
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('waits for the company sequence lock only when a segment changes; analytics follow the move', async () => {
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
    await insertEvents(scope, [day(1, c1), day(2, c2), day(1, c3), day(2, c1), day(2, c3)]);
    expect(await replicaBySegment(scope)).toEqual([
      { segment: 'A', events: 2 },
      { segment: 'B', events: 1 },
      { segment: 'unknown', events: 2 },
    ]);
    const seqBefore = await lastSeq(db, co.id);

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
    expect(await lastSeq(db, co.id)).toBe(seqBefore); // nothing logged: analytics saw no change
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
    expect(await lastSeq(db, co.id)).toBe(seqBefore + 2); // one change per moved customer
    // By hand: c1's two events in B, c2's one in B, c3's two in A.
    expect(await replicaBySegment(scope)).toEqual([
      { segment: 'A', events: 2 },
      { segment: 'B', events: 3 },
    ]);
  });

  it('concurrent directory writes and ingest of the same customers: no deadlock, analytics equal the database', async () => {
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
    expect(await replicaBySegment(scope)).toEqual(await sourceBySegment(db, co.id));
  });
});

async function lastSeq(db: Db, companyId: string) {
  const { rows } = await sql<{ seq: number }>`select last_seq::int as seq from company_sequences
    where company_id = ${companyId}::uuid`.execute(db.kysely);
  return rows[0]?.seq ?? 0;
}

/** Holds the company's sequence row lock in an open transaction, as an ingest does while it inserts. */
const CITUS = process.env.TEST_CITUS === '1';

async function holdCompanyLock(db: Db, companyId: string) {
  let locked: (pid: number) => void = () => {};
  let release: () => void = () => {};
  const pid = new Promise<number>((resolve) => {
    locked = resolve;
  });
  const done = db.kysely.transaction().execute(async (trx) => {
    await sql`insert into company_sequences (company_id, last_seq) values (${companyId}::uuid, 0)
      on conflict (company_id) do update set last_seq = company_sequences.last_seq`.execute(trx);
    // On Citus the row lock is taken on a worker, by a backend of its own: the coordinator's
    // session is known cluster-wide by its global pid, and lock waits by citus_lock_waits.
    const { rows } = await sql<{
      pid: number;
    }>`select ${sql.raw(CITUS ? 'citus_backend_gpid()' : 'pg_backend_pid()')} as pid`.execute(trx);
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
    const { rows } = await (CITUS
      ? sql<{
          n: number;
        }>`select count(*)::int as n from citus_lock_waits where blocking_gpid = ${pid}::bigint`
      : sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where ${pid}::int = any(pg_blocking_pids(pid))`
    ).execute(db.kysely);
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
