/** Property: the window-frame response pairs equal a brute-force search over random conversations. */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { scopeFor } from '../db/scope.js';
import { insertEvents, type NewEvent, updateEvent } from '../events/queries/write-events.js';
import { describeEngines } from '../test/engines.js';
import { listResponsePairs } from './queries/list-response-pairs.js';
import { type FxEvent, firstReply } from './test-support/oracle.js';

const BASE = Date.UTC(2025, 0, 6);
const CUSTOMERS = [randomUUID(), randomUUID()];

const arb = fc.record({
  minute: fc.integer({ min: 0, max: 3 * 1440 }), // coarse, so equal instants (ties) happen
  customer: fc.integer({ min: 0, max: 1 }),
  direction: fc.constantFrom('inbound', 'outbound', 'outbound', null),
  thread: fc.option(fc.constantFrom('a', 'b')),
  deleted: fc.boolean(),
});

describeEngines('analytics response pairs', (t) => {
  it('equal the brute-force first reply (threads, ties, deletes, window)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 30, max: 2 * 1440 }),
        async (specs, windowMinutes) => {
          const scope = scopeFor(t.db, randomUUID());
          const events = specs.map((s) => ({
            id: randomUUID(),
            external_id: null,
            customer_id: CUSTOMERS[s.customer] as string,
            contact_id: null,
            user_id: randomUUID(),
            event_type: 'email' as const,
            event_source: 'email' as const,
            event_title: 'e',
            event_description: null,
            event_timestamp: new Date(BASE + Math.floor(s.minute / 60) * 3_600_000),
            duration_minutes: null,
            event_data: s.thread ? { thread_id: s.thread } : {},
            participants: [],
            related_objects: [],
            priority: 'normal',
            status: 'active',
            engagement_score: null,
            sentiment: null,
            direction: s.direction as NewEvent['direction'],
          }));
          await insertEvents(scope, events);
          for (const [i, s] of specs.entries()) {
            if (s.deleted) await updateEvent(scope, events[i]?.id as string, { is_deleted: true });
          }
          const period = { from: new Date(BASE + 3_600_000), to: new Date(BASE + 2 * 86_400_000) };
          const pairs = await listResponsePairs(scope, { filters: {} }, period, windowMinutes);
          const fx: FxEvent[] = events.map((e, i) => ({
            ...e,
            name: '',
            is_deleted: Boolean(specs[i]?.deleted),
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
            .map((p) => ({ id: p.inboundId, at: p.repliedAt?.getTime() ?? null }))
            .sort((a, b) => a.id.localeCompare(b.id));
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  }, 240_000);
});
