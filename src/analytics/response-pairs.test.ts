/**
 * Property: the materialized response pairs, maintained through inserts and every kind of edit
 * (delete, move in time, new thread, direction flipped), equal a brute-force search over random
 * conversations, and equal a rebuild from scratch (the window-frame SQL of migration 0026).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { scopeFor } from '../db/scope.js';
import {
  type EventChanges,
  insertEvents,
  type NewEvent,
  updateEvent,
} from '../events/queries/write-events.js';
import { describeEngines } from '../test/engines.js';
import { newEventRow } from '../test/factories.js';
import { pairsQuery } from './queries/list-response-pairs.js';
import { rebuildRollups } from './rollups/rebuild.js';
import { type FxEvent, firstReply } from './test-support/oracle.js';

const BASE = Date.UTC(2025, 0, 6);
const CUSTOMERS = [randomUUID(), randomUUID()];

const arb = fc.record({
  minute: fc.integer({ min: 0, max: 3 * 1440 }), // coarse, so equal instants (ties) happen
  customer: fc.integer({ min: 0, max: 1 }),
  direction: fc.constantFrom('inbound', 'outbound', 'outbound', null),
  thread: fc.option(fc.constantFrom('a', 'b')),
  change: fc.constantFrom('none', 'none', 'delete', 'move', 'rethread', 'flip'),
  shift: fc.integer({ min: -1440, max: 1440 }),
});

const pairRows = (t: { db: Db }, companyId: string) =>
  sql`select inbound_id::text, customer_id::text, thread, asked_at, event_type, event_source, reply_id::text,
      replied_at, reply_user_id::text
    from analytics_response_pairs where company_id = ${companyId}::uuid order by inbound_id`
    .execute(t.db.kysely)
    .then((r) => r.rows);

describeEngines('analytics response pairs', (t) => {
  it('equal the brute-force first reply (threads, ties, deletes, window)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 30, max: 2 * 1440 }),
        async (specs, windowMinutes) => {
          const scope = scopeFor(t.db, randomUUID());
          const events = specs.map((s) =>
            newEventRow({
              customer_id: CUSTOMERS[s.customer] as string,
              event_type: 'email',
              event_source: 'email',
              event_timestamp: new Date(BASE + Math.floor(s.minute / 60) * 3_600_000),
              event_data: s.thread ? { thread_id: s.thread } : {},
              direction: s.direction as NewEvent['direction'],
            }),
          );
          // Two batches, so the second pairs with the first; then one edit per event. PATCH cannot move
          // an event or flip its direction today, but the maintenance must not depend on that.
          const half = Math.floor(events.length / 2);
          await insertEvents(scope, events.slice(0, half));
          await insertEvents(scope, events.slice(half));
          for (const [i, s] of specs.entries()) {
            const e = events[i] as (typeof events)[number];
            if (s.change === 'delete') await updateEvent(scope, e.id, { is_deleted: true });
            if (s.change === 'move') {
              e.event_timestamp = new Date(e.event_timestamp.getTime() + s.shift * 60_000);
              await updateEvent(scope, e.id, { event_timestamp: e.event_timestamp } as EventChanges);
            }
            if (s.change === 'rethread') {
              e.event_data = s.thread === 'a' ? { thread_id: 'b' } : { thread_id: 'a' };
              await updateEvent(scope, e.id, { event_data: e.event_data });
            }
            if (s.change === 'flip') {
              e.direction = e.direction === 'inbound' ? 'outbound' : 'inbound';
              await updateEvent(scope, e.id, { direction: e.direction } as EventChanges);
            }
          }
          const maintained = await pairRows(t, scope.companyId);
          await rebuildRollups(t.db.kysely, scope.companyId);
          expect(await pairRows(t, scope.companyId)).toEqual(maintained);
          const period = { from: new Date(BASE + 3_600_000), to: new Date(BASE + 2 * 86_400_000) };
          const pairs = await pairsQuery(scope, { filters: {} }, period, windowMinutes).execute();
          // A filter the pairs table lacks joins the inbound events: same pairs.
          const joined = await pairsQuery(
            scope,
            { filters: { direction: ['inbound'] } },
            period,
            windowMinutes,
          ).execute();
          expect(joined.map((p) => p.inbound_id).sort()).toEqual(pairs.map((p) => p.inbound_id).sort());
          const fx: FxEvent[] = events.map((e, i) => ({
            ...e,
            name: '',
            is_deleted: specs[i]?.change === 'delete',
          }));
          const expected = fx
            .filter(
              (e) =>
                !e.is_deleted &&
                e.direction === 'inbound' &&
                e.event_timestamp >= period.from &&
                e.event_timestamp < period.to,
            )
            .map((e) => ({
              id: e.id,
              at: firstReply(fx, e, windowMinutes * 60_000)?.event_timestamp.getTime() ?? null,
            }))
            .sort((a, b) => a.id.localeCompare(b.id));
          const actual = pairs
            .map((p) => ({
              id: p.inbound_id,
              at: p.replied_at === null ? null : new Date(p.replied_at).getTime(),
            }))
            .sort((a, b) => a.id.localeCompare(b.id));
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  }, 240_000);
});
