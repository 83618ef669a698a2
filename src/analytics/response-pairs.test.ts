/**
 * Property: the response pairs computed on the replica (inserts, then every kind of edit: delete,
 * move in time, new thread, direction flipped, which the replica follows through the change log)
 * equal a brute-force search in TypeScript over random conversations — who replied (ties at one
 * instant: the lowest id), when, within the window — and so do KPI 2's figures summarized in SQL.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { scopeFor } from '../db/scope.js';
import { upsertTeams, upsertUsers } from '../directory/queries.js';
import type { TimelineFilters } from '../events/filters.js';
import {
  type EventChanges,
  insertEvents,
  type NewEvent,
  updateEvent,
} from '../events/queries/write-events.js';
import { describeEngines } from '../test/engines.js';
import { newEventRow } from '../test/factories.js';
import { ALL_ROWS } from '../visibility/testing/all-rows.js';
import { listAnsweredPairs } from './queries/list-response-pairs.js';
import {
  type PairGroups,
  type PairSummary,
  summarizeResponsePairs,
} from './queries/summarize-response-pairs.js';
import { summarize } from './stats.js';

const BASE = Date.UTC(2025, 0, 6);
const PERIOD = { from: new Date(BASE + 3_600_000), to: new Date(BASE + 2 * 86_400_000) };
const TYPES = ['email', 'call'] as const;

const arb = fc.record({
  // Coarse, and often one of two hours, so equal instants (ties) happen.
  hour: fc.oneof(fc.integer({ min: 0, max: 72 }), fc.constantFrom(24, 25)),
  customer: fc.integer({ min: 0, max: 1 }),
  direction: fc.constantFrom('inbound', 'outbound', 'outbound', null),
  thread: fc.option(fc.constantFrom('a', 'b')),
  type: fc.constantFrom(...TYPES),
  source: fc.constantFrom('manual', 'web'), // independent of the type, so the groups differ
  user: fc.integer({ min: 0, max: 3 }), // 2: no team; 3: not in the directory
  change: fc.constantFrom('none', 'none', 'delete', 'move', 'rethread', 'flip'),
  shift: fc.integer({ min: -24, max: 24 }),
});
const tied = (direction: 'inbound' | 'outbound', hour: number, user: number) => ({
  hour,
  customer: 0,
  direction,
  thread: null,
  type: 'email' as const,
  source: 'manual' as const,
  user,
  change: 'none' as const,
  shift: 0,
});
const filterArb = fc.constantFrom('none', 'type', 'customer', 'user', 'direction');

type Ev = NewEvent & { deleted: boolean };
const threadOf = (e: Ev) => (e.event_data as { thread_id?: string }).thread_id;

/** The first later live outbound event: same customer, same thread when the inbound has one. */
function bruteForceReply(events: Ev[], inbound: Ev, windowMs: number): Ev | null {
  const t = inbound.event_timestamp.getTime();
  let best: Ev | null = null;
  for (const o of events) {
    const at = o.event_timestamp.getTime();
    if (o.deleted || o.direction !== 'outbound' || o.customer_id !== inbound.customer_id) continue;
    if (threadOf(inbound) !== undefined && threadOf(o) !== threadOf(inbound)) continue;
    if (at <= t || at > t + windowMs) continue;
    const bestAt = best?.event_timestamp.getTime() ?? Number.POSITIVE_INFINITY;
    if (at < bestAt || (at === bestAt && best && o.id < best.id)) best = o;
  }
  return best;
}

describeEngines('response pairs on the replica', (t) => {
  it('equal the brute-force first reply and its figures (threads, ties, edits, window, filters)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 30, max: 2 * 1440 }),
        filterArb,
        async (specs, windowMinutes, filterKind) => {
          const scope = scopeFor(t.db, randomUUID());
          const customers = [randomUUID(), randomUUID()];
          const team = randomUUID();
          const users = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
          await upsertTeams(scope, [{ id: team, name: 'T', lead_user_id: null }]);
          await upsertUsers(scope, [
            { id: users[0] as string, name: 'U0', role: 'rep', team_id: team },
            { id: users[1] as string, name: 'U1', role: 'rep', team_id: team },
            { id: users[2] as string, name: 'U2', role: 'rep', team_id: null },
          ]);
          const teamOf = (userId: string) => (userId === users[0] || userId === users[1] ? team : null);
          const events: Ev[] = specs.map((s) => ({
            ...newEventRow({
              customer_id: customers[s.customer] as string,
              user_id: users[s.user] as string,
              event_type: s.type,
              event_source: s.source,
              event_timestamp: new Date(BASE + s.hour * 3_600_000),
              event_data: s.thread ? { thread_id: s.thread } : {},
              direction: s.direction as NewEvent['direction'],
            }),
            deleted: false,
          }));
          // Two batches, so the second pairs with the first; then one edit per event.
          const rows = events.map(({ deleted: _d, ...e }) => e);
          const half = Math.floor(rows.length / 2);
          await insertEvents(scope, rows.slice(0, half));
          await insertEvents(scope, rows.slice(half));
          for (const [i, s] of specs.entries()) {
            const e = events[i] as Ev;
            if (s.change === 'delete') {
              e.deleted = true;
              await updateEvent(scope, e.id, { is_deleted: true });
            }
            if (s.change === 'move') {
              e.event_timestamp = new Date(e.event_timestamp.getTime() + s.shift * 3_600_000);
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

          // The filters apply to the inbound events only.
          const filters: Omit<TimelineFilters, 'from' | 'to'> = {
            none: {},
            type: { type: ['email'] },
            customer: { customer_id: [customers[0] as string] },
            user: { user_id: [users[0] as string] },
            direction: { direction: ['inbound'] },
          }[filterKind];
          const matches = (e: Ev) =>
            (filterKind !== 'type' || e.event_type === 'email') &&
            (filterKind !== 'customer' || e.customer_id === customers[0]) &&
            (filterKind !== 'user' || e.user_id === users[0]);
          const inbound = events.filter(
            (e) =>
              !e.deleted &&
              e.direction === 'inbound' &&
              e.event_timestamp >= PERIOD.from &&
              e.event_timestamp < PERIOD.to &&
              matches(e),
          );
          const pairs = inbound.map((i) => ({ i, r: bruteForceReply(events, i, windowMinutes * 60_000) }));
          const expected = pairs
            .flatMap(({ i, r }) =>
              r
                ? [
                    {
                      inboundId: i.id,
                      type: i.event_type,
                      source: i.event_source,
                      askedAt: i.event_timestamp,
                      repliedAt: r.event_timestamp,
                      replyUserId: r.user_id,
                      replyTeamId: teamOf(r.user_id),
                    },
                  ]
                : [],
            )
            .sort((a, b) => a.inboundId.localeCompare(b.inboundId));

          const listed = await listAnsweredPairs(
            scope,
            { filters: { ...filters }, visible: ALL_ROWS },
            PERIOD,
            windowMinutes,
          );
          expect([...listed.answered].sort((a, b) => a.inboundId.localeCompare(b.inboundId))).toEqual(
            expected,
          );
          const unanswered = pairs.filter((x) => !x.r).map((x) => x.i);
          const countBy = (key: (e: Ev) => string) => {
            const m = new Map<string, number>();
            for (const e of unanswered) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
            return m;
          };
          expect(listed.unanswered).toEqual({
            overall: unanswered.length,
            byType: countBy((e) => e.event_type),
            bySource: countBy((e) => e.event_source),
          });

          // The figures in SQL equal summarize() over the brute-force minutes, group by group.
          const minutes = (x: { i: Ev; r: Ev | null }) =>
            x.r ? [(x.r.event_timestamp.getTime() - x.i.event_timestamp.getTime()) / 60_000] : [];
          const figures = (xs: typeof pairs, withUnanswered: boolean): PairSummary => ({
            ...summarize(xs.flatMap(minutes)),
            unanswered: withUnanswered ? xs.filter((x) => !x.r).length : 0,
          });
          const groupBy = (key: (x: (typeof pairs)[number]) => string | null, withUnanswered: boolean) => {
            const m = new Map<string, typeof pairs>();
            for (const x of pairs) {
              const k = key(x);
              if (k !== null) m.set(k, [...(m.get(k) ?? []), x]);
            }
            return new Map([...m].map(([k, xs]) => [k, figures(xs, withUnanswered)] as const));
          };
          // A new filters object per read: a request's reads are memoized by it.
          const summarized = (groups?: PairGroups) =>
            summarizeResponsePairs(
              scope,
              { filters: { ...filters }, visible: ALL_ROWS },
              PERIOD,
              windowMinutes,
              groups,
            );
          const summary = await summarized();
          expect(summary).toEqual({
            overall: figures(pairs, true),
            byType: groupBy((x) => x.i.event_type, true),
            bySource: groupBy((x) => x.i.event_source, true),
            byUser: groupBy((x) => x.r?.user_id ?? null, false),
            byTeam: groupBy((x) => (x.r ? (teamOf(x.r.user_id) ?? 'unknown') : null), false),
          });
          expect((await summarized('overall')).overall).toEqual(summary.overall);
          // Productivity's own read: the same responder and overall figures, no per-type or per-source rows.
          const responders = await summarized('responders');
          expect(responders).toEqual({ ...summary, byType: new Map(), bySource: new Map() });
        },
      ),
      {
        numRuns: 30,
        // Always tried: two replies at one instant from different users (the lowest id replies).
        examples: [[[tied('inbound', 23, 0), tied('outbound', 24, 1), tied('outbound', 24, 2)], 120, 'none']],
      },
    );
  }, 240_000);
});
