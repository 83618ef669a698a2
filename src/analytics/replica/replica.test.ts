/**
 * The replica follows the change log exactly: after random inserts, updates, soft deletes, segment
 * moves, team changes, crashes mid-batch and restarts, it equals the system of record row for row
 * (and `verify` agrees); it resumes from its watermark without reloading, and reloads when the log
 * no longer holds what it missed or the database went back in time (a restore).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Db } from '../../db/connect.js';
import { type Scope, scopeFor } from '../../db/scope.js';
import { upsertCustomers, upsertUsers } from '../../directory/queries.js';
import { insertEvents, updateEvent } from '../../events/queries/write-events.js';
import { describeEngines } from '../../test/engines.js';
import { newEventRow } from '../../test/factories.js';
import { tempDirs } from '../../test/temp-dirs.js';
import { AnalyticsReplica } from './replica.js';
import { verifyCompany } from './verify.js';

const tempDir = tempDirs('replica-test-');

/** Every live event of the company as the replica stores it, computed from the system of record. */
async function sourceRows(scope: Scope) {
  const { rows } = await sql<Record<string, unknown>>`
    select id::text, customer_id::text, user_id::text, event_type, direction, status, outcome,
      event_data->>'thread_id' as thread_id, (extract(epoch from event_timestamp) * 1000000)::bigint::text as ts_us,
      duration_minutes, seq::text
    from crm_activity_events where company_id = ${scope.companyId} and not is_deleted order by id`.execute(
    scope.db,
  );
  return rows;
}
async function replicaRows(replica: AnalyticsReplica, companyId: string) {
  return replica.read<Record<string, unknown>>(
    `select id::varchar as id, customer_id::varchar as customer_id, user_id::varchar as user_id, event_type,
       direction, status, outcome, thread_id, ts_us::varchar as ts_us, duration_minutes, seq::varchar as seq
     from events where company_id = $c::uuid order by id`,
    { c: companyId },
  );
}

const CUSTOMERS = [randomUUID(), randomUUID(), randomUUID()];
const USERS = [randomUUID(), randomUUID()];
const TEAMS = [randomUUID(), randomUUID()];

const op = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    n: fc.integer({ min: 1, max: 4 }),
    customer: fc.integer({ min: 0, max: 2 }),
    minute: fc.integer({ min: 0, max: 5000 }),
    outcome: fc.constantFrom(null, 'deal_won', 'connected'),
  }),
  fc.record({
    kind: fc.constant('update' as const),
    pick: fc.nat(),
    status: fc.constantFrom('completed', 'missed'),
  }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('segment' as const),
    customer: fc.integer({ min: 0, max: 2 }),
    segment: fc.constantFrom('A', 'B', null),
  }),
  fc.record({
    kind: fc.constant('team' as const),
    user: fc.integer({ min: 0, max: 1 }),
    team: fc.integer({ min: 0, max: 1 }),
  }),
  fc.record({ kind: fc.constant('sync' as const) }),
  fc.record({ kind: fc.constant('crash' as const) }),
  fc.record({ kind: fc.constant('restart' as const) }),
);

describeEngines('analytics replica follows the change log', (t) => {
  it('equals the system of record after random changes, crashes and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        const scope = scopeFor(t.db, randomUUID());
        const dir = tempDir();
        let crashNext = false;
        const open = () =>
          AnalyticsReplica.open(t.db, {
            dir,
            applyBatch: 3, // several transactions per sync, so a crash can land between them
            beforeApplyCommit: () => {
              if (crashNext) {
                crashNext = false;
                throw new Error('crash before commit');
              }
            },
          });
        let replica = await open();
        const ids: string[] = [];
        try {
          for (const o of ops)
            await apply(t.db, scope, o, ids, async () => {
              if (o.kind === 'sync') await replica.sync(scope.companyId);
              if (o.kind === 'crash') {
                crashNext = true;
                await replica.sync(scope.companyId).catch(() => {});
                crashNext = false; // nothing was pending: no transaction to crash
              }
              if (o.kind === 'restart') {
                await replica.close();
                replica = await open();
              }
            });
          await replica.sync(scope.companyId);
          expect(await replicaRows(replica, scope.companyId)).toEqual(await sourceRows(scope));
          expect(await verifyCompany(replica, scope)).toEqual([]);
          // Customers with a segment are mirrored exactly (one without is 'unknown' either way).
          const segments = await replica.read<{ id: string; segment: string | null }>(
            'select id::varchar as id, segment from customers where company_id = $c::uuid and segment is not null order by id',
            { c: scope.companyId },
          );
          const source = await scope.db
            .selectFrom('customers')
            .select(['id', 'segment'])
            .where('company_id', '=', scope.companyId)
            .where('segment', 'is not', null)
            .orderBy('id')
            .execute();
          expect(segments).toEqual(source);
        } finally {
          await replica.close();
        }
      }),
      { numRuns: t.engine === 'pglite' ? 12 : 8 },
    );
  }, 240_000);

  it('loads a company page by page without repeating a row, when instants have microseconds', async () => {
    const scope = scopeFor(t.db, randomUUID());
    const customer = randomUUID();
    // Pages of 3: the first ends inside a millisecond that holds two events microseconds apart
    // (an import or SQL writes such instants; the API's clients mostly send milliseconds).
    const instants = [
      '2026-03-01T10:00:00.000000Z',
      '2026-03-01T10:00:00.123001Z',
      '2026-03-01T10:00:00.123002Z',
      '2026-03-01T10:00:05.000000Z',
      '2026-03-01T10:00:09.000000Z',
    ];
    await insertEvents(
      scope,
      instants.map((at, i) =>
        newEventRow({
          customer_id: customer,
          // ISO text goes to PostgreSQL as is (microseconds kept); a Date would stop at milliseconds.
          event_timestamp: at as unknown as Date,
          direction: i % 2 ? 'inbound' : 'outbound',
        }),
      ),
    );
    const replica = await AnalyticsReplica.open(t.db, { dir: null, loadPageSize: 3 });
    try {
      await replica.sync(scope.companyId);
      const rows = await replicaRows(replica, scope.companyId);
      expect(rows.map((r) => r.ts_us).sort()).toEqual(
        instants.map((at) => String(BigInt(Date.parse(at)) * 1000n + BigInt(at.slice(23, 26)))).sort(),
      );
      expect(rows).toEqual(await sourceRows(scope));
      expect(await verifyCompany(replica, scope)).toEqual([]);
      // The facts follow the customer's sequence: each event's previous one is the one before it.
      const prev = await replica.read<{ ts_us: number; prev_us: number | null }>(
        'select ts_us, prev_us from events where company_id = $c::uuid order by ts_us',
        { c: scope.companyId },
      );
      expect(prev.map((r) => r.prev_us)).toEqual([null, ...prev.slice(0, -1).map((r) => r.ts_us)]);
    } finally {
      await replica.close();
    }
  });

  it('resumes from its watermark after a restart without reloading, and reloads after a restore', async () => {
    const scope = scopeFor(t.db, randomUUID());
    const dir = tempDir();
    await insertEvents(scope, [newEventRow(), newEventRow()]);
    let replica = await AnalyticsReplica.open(t.db, { dir });
    await replica.sync(scope.companyId);
    expect(replica.counters.loads).toBe(1);
    await replica.close();
    await insertEvents(scope, [newEventRow()]);
    replica = await AnalyticsReplica.open(t.db, { dir });
    const f = await replica.sync(scope.companyId);
    expect(replica.counters.loads).toBe(0);
    expect(replica.counters.appliedChanges).toBe(1);
    expect(f.seq).toBe(3);
    expect(await replicaRows(replica, scope.companyId)).toEqual(await sourceRows(scope));
    // A tail that no longer says where its customer's sequence ends is reported.
    expect(await verifyCompany(replica, scope)).toEqual([]);
    await replica.writer.run('update tails set prev_types = prev_types + 1 where company_id = $c::uuid', {
      c: scope.companyId,
    });
    expect((await verifyCompany(replica, scope)).map((d) => d.what)).toEqual([
      "customers' last events (the writer's tails)",
    ]);
    await replica.writer.run('update tails set prev_types = prev_types - 1 where company_id = $c::uuid', {
      c: scope.companyId,
    });
    // "Restore" to an earlier state: the database's position falls behind the replica's.
    await sql`update company_sequences set last_seq = 1 where company_id = ${scope.companyId}`.execute(
      t.db.kysely,
    );
    await sql`delete from crm_activity_events where company_id = ${scope.companyId} and seq > 1`.execute(
      t.db.kysely,
    );
    const after = await replica.sync(scope.companyId);
    expect(replica.counters.loads).toBe(1);
    expect(after.seq).toBe(1);
    expect(await replicaRows(replica, scope.companyId)).toEqual(await sourceRows(scope));
    await replica.close();
  });

  it('reloads a company whose missed changes were pruned from the log', async () => {
    const scope = scopeFor(t.db, randomUUID());
    const replica = await AnalyticsReplica.open(t.db, { dir: null });
    const [a] = [newEventRow()];
    await insertEvents(scope, [a as ReturnType<typeof newEventRow>]);
    await replica.sync(scope.companyId);
    await updateEvent(scope, (a as { id: string }).id, { status: 'completed' });
    // The retention job pruned the change before the replica saw it.
    await sql`delete from event_changes where company_id = ${scope.companyId}`.execute(t.db.kysely);
    await sql`insert into stream_pruned values (${scope.companyId}, 2)`.execute(t.db.kysely);
    await replica.sync(scope.companyId);
    expect(replica.counters.loads).toBe(2);
    const rows = await replicaRows(replica, scope.companyId);
    expect(rows.map((r) => r.status)).toEqual(['completed']);
    await replica.close();
  });
});

async function apply(
  db: Db,
  scope: Scope,
  o: Record<string, unknown> & { kind: string },
  ids: string[],
  replicaStep: () => Promise<void>,
) {
  const base = Date.UTC(2025, 5, 1);
  switch (o.kind) {
    case 'insert': {
      const rows = Array.from({ length: o.n as number }, (_, i) =>
        newEventRow({
          customer_id: CUSTOMERS[o.customer as number],
          user_id: USERS[i % 2],
          event_timestamp: new Date(base + ((o.minute as number) + i) * 60_000),
          event_data: o.outcome ? { outcome: o.outcome as string } : {},
          duration_minutes: i,
        }),
      );
      await insertEvents(scope, rows);
      ids.push(...rows.map((r) => r.id));
      return;
    }
    case 'update':
    case 'delete': {
      if (!ids.length) return;
      const id = ids[(o.pick as number) % ids.length] as string;
      await updateEvent(
        scope,
        id,
        o.kind === 'delete' ? { is_deleted: true } : { status: o.status as 'completed' },
      );
      return;
    }
    case 'segment':
      await upsertCustomers(scope, [
        { id: CUSTOMERS[o.customer as number] as string, name: 'C', segment: o.segment as string | null },
      ]);
      return;
    case 'team':
      await upsertUsers(scope, [
        { id: USERS[o.user as number] as string, name: 'U', role: 'rep', team_id: TEAMS[o.team as number] },
      ]);
      return;
    default:
      void db;
      await replicaStep();
  }
}
