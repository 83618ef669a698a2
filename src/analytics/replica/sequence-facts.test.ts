/**
 * The sequence facts the replica keeps (sequence-facts.ts) equal an independent recomputation in
 * plain TypeScript from the system of record, after random inserts (ties at one instant included),
 * updates that move an event to another thread, customer or instant (the middle of a sequence),
 * deletes (of a sequence's first event too), syncs and reloads.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Scope, scopeFor } from '../../db/scope.js';
import { EVENT_TYPES } from '../../events/catalogue.js';
import { insertEvents, reserveSeq, updateEvent } from '../../events/queries/write-events.js';
import { describeEngines } from '../../test/engines.js';
import { newEventRow } from '../../test/factories.js';
import { AnalyticsReplica } from './replica.js';

interface Source {
  id: string;
  customer_id: string;
  user_id: string;
  event_type: string;
  direction: string | null;
  thread_id: string | null;
  ts_us: string;
}

interface Facts {
  id: string;
  type_code: number;
  prev_us: string | null;
  prev2_us: string | null;
  prev3_us: string | null;
  prev4_us: string | null;
  prev_types: number;
  reply_us: string | null;
  reply_user_id: string | null;
}

/** The facts by definition: sort each customer's events by (instant, id), look back, look ahead. */
function expected(rows: Source[]): Facts[] {
  const codes: string[] = [...EVENT_TYPES].sort();
  const code = (e: Source | undefined) => (e ? codes.indexOf(e.event_type) + 1 : 0);
  const byCustomer = new Map<string, Source[]>();
  for (const r of rows) byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r]);
  const out: Facts[] = [];
  const before = (a: Source, b: Source) =>
    BigInt(a.ts_us) < BigInt(b.ts_us) || (a.ts_us === b.ts_us && a.id < b.id);
  for (const list of byCustomer.values()) {
    list.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    list.forEach((e, i) => {
      const back = (n: number) => list[i - n];
      let prevTypes = 0;
      for (let n = 4; n >= 1; n--) prevTypes = prevTypes * 16 + code(back(n));
      let reply: Source | undefined;
      if (e.direction === 'inbound')
        reply = list.find(
          (o) =>
            o.direction === 'outbound' &&
            BigInt(o.ts_us) > BigInt(e.ts_us) &&
            (e.thread_id === null || o.thread_id === e.thread_id),
        );
      out.push({
        id: e.id,
        type_code: code(e),
        prev_us: back(1)?.ts_us ?? null,
        prev2_us: back(2)?.ts_us ?? null,
        prev3_us: back(3)?.ts_us ?? null,
        prev4_us: back(4)?.ts_us ?? null,
        prev_types: prevTypes,
        reply_us: reply?.ts_us ?? null,
        reply_user_id: reply?.user_id ?? null,
      });
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function sourceRows(scope: Scope): Promise<Source[]> {
  const { rows } = await sql<Source>`
    select id::text, customer_id::text, user_id::text, event_type, direction, event_data->>'thread_id' as thread_id,
      (extract(epoch from event_timestamp) * 1000000)::bigint::text as ts_us
    from crm_activity_events where company_id = ${scope.companyId} and not is_deleted`.execute(scope.db);
  return rows;
}

const replicaFacts = (replica: AnalyticsReplica, companyId: string) =>
  replica.read<Facts>(
    `select id::varchar as id, type_code::int as type_code, prev_us::varchar as prev_us,
       prev2_us::varchar as prev2_us, prev3_us::varchar as prev3_us, prev4_us::varchar as prev4_us,
       prev_types, reply_us::varchar as reply_us, reply_user_id::varchar as reply_user_id
     from events where company_id = $c::uuid order by id`,
    { c: companyId },
  );

/** The short path's state (sequence-tails.ts): each customer's last event, and the unanswered inbound ones. */
function expectedTails(source: Source[], facts: Facts[]) {
  const byId = new Map(source.map((e) => [e.id, e]));
  const last = new Map<string, Facts>();
  const later = (a: Source, b: Source) =>
    BigInt(a.ts_us) > BigInt(b.ts_us) || (a.ts_us === b.ts_us && a.id > b.id);
  for (const f of facts) {
    const e = byId.get(f.id) as Source;
    const seen = last.get(e.customer_id);
    if (!seen || later(e, byId.get(seen.id) as Source)) last.set(e.customer_id, f);
  }
  return {
    tails: [...last.entries()]
      .map(([customer_id, f]) => ({
        customer_id,
        last_id: f.id,
        ts_us: byId.get(f.id)?.ts_us,
        type_code: f.type_code,
        prev_us: f.prev_us,
        prev2_us: f.prev2_us,
        prev3_us: f.prev3_us,
        prev_types: f.prev_types,
      }))
      .sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1)),
    open: facts
      .filter((f) => byId.get(f.id)?.direction === 'inbound' && f.reply_us === null)
      .map((f) => f.id)
      .sort(),
  };
}

async function replicaTails(replica: AnalyticsReplica, companyId: string) {
  const c = { c: companyId };
  return {
    tails: await replica.read(
      `select customer_id::varchar as customer_id, last_id::varchar as last_id, ts_us::varchar as ts_us,
         type_code::int as type_code, prev_us::varchar as prev_us, prev2_us::varchar as prev2_us,
         prev3_us::varchar as prev3_us, prev_types
       from tails where company_id = $c::uuid order by customer_id`,
      c,
    ),
    open: (
      await replica.read<{ id: string }>(
        'select id::varchar as id from open_inbound where company_id = $c::uuid order by id',
        c,
      )
    ).map((r) => r.id),
  };
}

const CUSTOMERS = [randomUUID(), randomUUID(), randomUUID()];
const USERS = [randomUUID(), randomUUID()];
const THREADS = [null, 't1', 't2'] as const;

const op = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    n: fc.integer({ min: 1, max: 4 }),
    customer: fc.integer({ min: 0, max: 2 }),
    minute: fc.integer({ min: 0, max: 40 }),
    // Same instant for the whole batch: ties that only the id orders.
    tie: fc.boolean(),
    type: fc.constantFrom(...EVENT_TYPES),
    direction: fc.constantFrom('inbound', 'outbound', null),
    thread: fc.integer({ min: 0, max: 2 }),
  }),
  // New events after every existing one: the follower's short path (sequence-tails.ts).
  fc.record({
    kind: fc.constant('append' as const),
    n: fc.integer({ min: 1, max: 4 }),
    customer: fc.integer({ min: 0, max: 2 }),
    tie: fc.boolean(),
    type: fc.constantFrom(...EVENT_TYPES),
    direction: fc.constantFrom('inbound', 'outbound', null),
    thread: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({ kind: fc.constant('thread' as const), pick: fc.nat(), thread: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  // The first event of a customer's sequence deleted: the next events' previous ones move.
  fc.record({ kind: fc.constant('deleteFirst' as const), customer: fc.integer({ min: 0, max: 2 }) }),
  // An event moved to another customer and/or another instant (into the middle of a sequence). No
  // route does this today, but the follower reads current rows, so it must hold for any update.
  fc.record({
    kind: fc.constant('move' as const),
    pick: fc.nat(),
    customer: fc.option(fc.integer({ min: 0, max: 2 })),
    minute: fc.option(fc.integer({ min: 0, max: 40 })),
    user: fc.option(fc.integer({ min: 0, max: 1 })),
  }),
  // Only the owner (and status) change: the event keeps its place, but the inbound events it is the
  // first reply to get another reply user.
  fc.record({ kind: fc.constant('reassign' as const), pick: fc.nat(), user: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('sync' as const) }),
  fc.record({ kind: fc.constant('reload' as const) }),
);

/**
 * Moves a live event to another customer, instant and/or user, logged as an update (as updateEvent
 * logs); its status always changes, so a move of nothing is still a change of the row.
 */
async function moveEvent(
  scope: Scope,
  id: string,
  customer: number | null,
  at: Date | null,
  user: number | null,
) {
  await scope.db
    .transaction()
    .execute(async (trx) => {
      const seq = await reserveSeq(trx, scope.companyId, 1);
      const moved = await sql`update crm_activity_events set seq = ${seq},
        customer_id = coalesce(${customer === null ? null : CUSTOMERS[customer]}::uuid, customer_id),
        event_timestamp = coalesce(${at}::timestamptz, event_timestamp),
        user_id = coalesce(${user === null ? null : USERS[user]}::uuid, user_id),
        status = case when status = 'completed' then 'missed' else 'completed' end
      where company_id = ${scope.companyId} and id = ${id} and not is_deleted returning id`.execute(trx);
      if (moved.rows.length === 0) throw new Error('nothing moved'); // rolls the seq back
      await sql`insert into event_changes (company_id, seq, event_id, kind)
      values (${scope.companyId}, ${seq}, ${id}, 'updated')`.execute(trx);
    })
    .catch((error: Error) => {
      if (error.message !== 'nothing moved') throw error;
    });
}

/** The fixed examples' insert: n events (1) of a customer (0) at a minute, unthreaded, no tie. */
const insertAt = (
  minute: number,
  direction: 'inbound' | 'outbound' | null,
  o: { n?: number; customer?: number; type?: (typeof EVENT_TYPES)[number] } = {},
) => ({
  kind: 'insert' as const,
  n: o.n ?? 1,
  customer: o.customer ?? 0,
  minute,
  tie: false,
  type: o.type ?? 'email',
  direction,
  thread: 0,
});

describeEngines('sequence facts kept by the replica', (t) => {
  it('equal an independent recomputation after random changes, syncs and reloads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(op, { minLength: 5, maxLength: 30 }), async (seeded, ops) => {
        const scope = scopeFor(t.db, randomUUID());
        const replica = await AnalyticsReplica.open(t.db, { dir: null, applyBatch: 4 });
        const ids: string[] = [];
        const base = Date.UTC(2025, 5, 1);
        let appends = 0;
        try {
          // Seeded: every customer starts with a loaded sequence of 8 (inbound and outbound, in and
          // out of threads), so the changes after it take the follower's path (from the earliest
          // changed instant on, with 4 earlier events as context), not the load's.
          if (seeded) {
            const rows = CUSTOMERS.flatMap((customer_id, k) =>
              Array.from({ length: 8 }, (_, j) =>
                newEventRow({
                  customer_id,
                  user_id: USERS[j % 2],
                  event_type: EVENT_TYPES[(j + k) % EVENT_TYPES.length],
                  direction: j % 2 ? 'outbound' : 'inbound',
                  event_timestamp: new Date(base + (j * 5 + k) * 60_000),
                  event_data: THREADS[(j >> 1) % 3] ? { thread_id: THREADS[(j >> 1) % 3] } : {},
                }),
              ),
            );
            await insertEvents(scope, rows);
            ids.push(...rows.map((r) => r.id));
            await replica.sync(scope.companyId);
          }
          for (const o of ops) {
            if (o.kind === 'insert' || o.kind === 'append') {
              const minute = o.kind === 'insert' ? o.minute : 50 + 5 * appends++;
              const rows = Array.from({ length: o.n }, (_, i) =>
                newEventRow({
                  customer_id: CUSTOMERS[o.customer],
                  user_id: USERS[i % 2],
                  event_type: o.type,
                  direction: i % 2 ? o.direction : o.direction === 'inbound' ? 'outbound' : 'inbound',
                  event_timestamp: new Date(base + (minute + (o.tie ? 0 : i)) * 60_000),
                  event_data: THREADS[o.thread] ? { thread_id: THREADS[o.thread] } : {},
                }),
              );
              await insertEvents(scope, rows);
              ids.push(...rows.map((r) => r.id));
            } else if ((o.kind === 'thread' || o.kind === 'delete') && ids.length) {
              const id = ids[o.pick % ids.length] as string;
              const thread = o.kind === 'thread' ? THREADS[o.thread] : null;
              await updateEvent(
                scope,
                id,
                o.kind === 'delete'
                  ? { is_deleted: true }
                  : { event_data: thread ? { thread_id: thread } : {} },
              );
            } else if (o.kind === 'deleteFirst') {
              const first = await sql<{ id: string }>`select id::text from crm_activity_events
                where company_id = ${scope.companyId} and customer_id = ${CUSTOMERS[o.customer]} and not is_deleted
                order by event_timestamp, id limit 1`.execute(scope.db);
              if (first.rows[0]) await updateEvent(scope, first.rows[0].id, { is_deleted: true });
            } else if (o.kind === 'move' && ids.length) {
              const at = o.minute === null ? null : new Date(base + o.minute * 60_000 + 30_000);
              await moveEvent(scope, ids[o.pick % ids.length] as string, o.customer, at, o.user);
            } else if (o.kind === 'reassign' && ids.length) {
              await moveEvent(scope, ids[o.pick % ids.length] as string, null, null, o.user);
            } else if (o.kind === 'sync') await replica.sync(scope.companyId);
            else if (o.kind === 'reload') await replica.reload(scope.companyId);
          }
          await replica.sync(scope.companyId);
          const source = await sourceRows(scope);
          const want = expected(source);
          expect(await replicaFacts(replica, scope.companyId)).toEqual(want);
          expect(await replicaTails(replica, scope.companyId)).toEqual(expectedTails(source, want));
        } finally {
          await replica.close();
        }
      }),
      {
        numRuns: Number(process.env.FC_RUNS ?? (t.engine === 'pglite' ? 15 : 10)),
        examples: [
          // An open inbound event that changes thread: open_inbound holds its new version only.
          [
            false,
            [
              insertAt(0, 'outbound', { n: 3, type: 'call' }),
              { kind: 'sync' },
              { kind: 'thread', pick: 2, thread: 1 },
              { kind: 'thread', pick: 0, thread: 0 },
              { kind: 'sync' },
              { kind: 'deleteFirst', customer: 0 },
              { kind: 'move', pick: 0, customer: null, minute: null, user: null },
            ],
          ],
          // Batches of 4: an event put back unmoved (its update reached the replica with its
          // creation) lies before the batch's first change, a new event tied with the tail: the
          // general path's floor must come from the events at or after the change only.
          [
            false,
            [
              { kind: 'sync' },
              insertAt(0, 'inbound', { type: 'call' }),
              { kind: 'delete', pick: 0 },
              insertAt(0, 'inbound', { customer: 1, type: 'call' }),
              { kind: 'append', n: 2, customer: 1, tie: true, type: 'call', direction: 'inbound', thread: 0 },
              { kind: 'thread', pick: 1, thread: 1 },
            ],
          ],
          // An unanswered inbound event before a mid-sequence insert of an outbound one, which
          // answers it: the general path must ask it although it lies before the first change.
          // (A first row's direction is the opposite of the op's: see the insert above.)
          [
            false,
            [
              insertAt(1, 'outbound'),
              insertAt(5, 'outbound'),
              { kind: 'sync' },
              insertAt(3, 'inbound'),
              { kind: 'sync' },
            ],
          ],
          // An unthreaded open inbound event before a mid-sequence threaded outbound one, which
          // answers it (any later outbound event answers an unthreaded one): asked from open_inbound
          // although the batch's outbound events are all threaded.
          [
            false,
            [
              insertAt(1, 'outbound'),
              insertAt(10, 'outbound'),
              { kind: 'sync' },
              { ...insertAt(5, 'inbound'), thread: 1 },
              { kind: 'sync' },
            ],
          ],
          // Changes far apart in one batch (of 4): each is recomputed with its own neighbourhood,
          // and the events between them keep their facts; the last event removed with an early one.
          [true, [{ kind: 'delete', pick: 1 }, { kind: 'delete', pick: 6 }, { kind: 'sync' }]],
          [
            true,
            [
              { kind: 'delete', pick: 7 },
              { kind: 'delete', pick: 0 },
              { kind: 'delete', pick: 12 },
            ],
          ],
          // A new event after the last one in a batch with deletes (of the customer's first two
          // events): no event lies after its point, so its context is the customer's last 4 (its
          // tail), not none.
          [
            true,
            [
              { kind: 'deleteFirst', customer: 0 },
              insertAt(0, 'inbound', { customer: 1, type: 'call' }),
              { kind: 'deleteFirst', customer: 0 },
              {
                kind: 'append',
                n: 1,
                customer: 0,
                tie: false,
                type: 'call',
                direction: 'inbound',
                thread: 0,
              },
              { kind: 'delete', pick: 0 },
            ],
          ],
          // An inbound event whose reply is deleted 5 events later: the general path reads the
          // customer from the 4th event before the delete on, and the inbound event, below that,
          // must still come back as open (its reply gone).
          [
            false,
            [
              insertAt(1, 'outbound'),
              insertAt(2, null),
              insertAt(3, null),
              insertAt(4, null),
              insertAt(5, null),
              insertAt(10, 'inbound'),
              { kind: 'sync' },
              { kind: 'delete', pick: 5 },
              { kind: 'sync' },
            ],
          ],
        ],
      },
    );
  }, 240_000);
});
