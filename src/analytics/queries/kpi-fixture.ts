/**
 * A small hand-made data set for KPIs 5–7 (productivity, journeys, effectiveness): two tenants that
 * share customer and user ids, a deleted event, an event outside the period, a win after the period,
 * two touchpoints at the same instant (ordered by id), a user unknown to the directory and a team
 * member with no events. Tests compute each KPI from `FIXTURE` in plain TypeScript and by hand.
 */

import type { Scope } from '../../db/scope.js';
import { upsertCustomers, upsertTeams, upsertUsers } from '../../directory/queries.js';
import { checkEvent } from '../../events/ingest.js';
import { insertEvents, updateEvent } from '../../events/queries/write-events.js';
import { ALL_ROWS } from '../../visibility/testing/all-rows.js';
import type { ResolvedParams } from '../params.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const U = { u1: id(901), u2: id(902), u3: id(903), u4: id(904), u5: id(905) };
export const T = { t1: id(801), t2: id(802) };
export const C = { c1: id(701), c2: id(702), c3: id(703), c4: id(704) };

export interface FixtureEvent {
  id: string;
  customer: string;
  user: string;
  type: string;
  source: string;
  direction: string | null;
  at: string;
  duration: number | null;
  status: string;
  outcome: string | null;
  deleted: boolean;
}

const at = (day: number, hour: number) => new Date(Date.UTC(2025, 2, day, hour)).toISOString();
let n = 0;
const ev = (
  customer: string,
  user: string,
  type: string,
  source: string,
  direction: string | null,
  when: string,
  more: Partial<FixtureEvent> = {},
): FixtureEvent => ({
  id: id(++n),
  customer,
  user,
  type,
  source,
  direction,
  at: when,
  duration: null,
  status: 'completed',
  outcome: null,
  deleted: false,
  ...more,
});

/** Period of the tests: 1–8 March 2025 UTC. */
export const PERIOD = { from: new Date(at(1, 0)), to: new Date(at(8, 0)) };

export const FIXTURE: FixtureEvent[] = [
  // c1: email out, reply in, call, meeting, win on a call
  ev(C.c1, U.u1, 'email', 'email', 'outbound', at(1, 9)), // 1
  ev(C.c1, U.u1, 'email', 'email', 'inbound', at(1, 10)), // 2
  ev(C.c1, U.u1, 'call', 'phone_system', 'outbound', at(2, 9), { duration: 10, outcome: 'connected' }), // 3
  ev(C.c1, U.u2, 'meeting', 'calendar', 'outbound', at(3, 9), { duration: 30, outcome: 'meeting_booked' }), // 4
  ev(C.c1, U.u1, 'call', 'phone_system', 'outbound', at(4, 9), { duration: 5, outcome: 'deal_won' }), // 5
  // c2: email, two calls, a completed task, a win by email
  ev(C.c2, U.u2, 'email', 'email', 'outbound', at(1, 11)), // 6
  ev(C.c2, U.u2, 'call', 'phone_system', 'outbound', at(2, 11), { duration: 0, outcome: 'no_answer' }), // 7
  ev(C.c2, U.u2, 'call', 'phone_system', 'outbound', at(2, 12), { duration: 7, outcome: 'connected' }), // 8
  ev(C.c2, U.u2, 'task', 'task_manager', null, at(5, 12)), // 9
  ev(C.c2, U.u2, 'email', 'email', 'outbound', at(5, 13), { outcome: 'deal_won' }), // 10
  // c3: a win on the very first touch, an inbound email, a deleted win
  ev(C.c3, U.u3, 'call', 'phone_system', 'outbound', at(1, 9), { duration: 3, outcome: 'deal_won' }), // 11
  ev(C.c3, U.u3, 'email', 'email', 'inbound', at(3, 9)), // 12
  ev(C.c3, U.u3, 'call', 'phone_system', 'outbound', at(3, 10), { outcome: 'deal_won', deleted: true }), // 13
  // c4: email and sms at the same instant (email first by id), a task still open, a win after the period
  ev(C.c4, U.u5, 'email', 'email', 'outbound', at(2, 8)), // 14
  ev(C.c4, U.u5, 'sms', 'api', 'outbound', at(2, 8)), // 15
  ev(C.c4, U.u3, 'task', 'task_manager', null, at(6, 8), { status: 'active' }), // 16
  ev(C.c4, U.u3, 'call', 'phone_system', 'outbound', at(9, 8), { outcome: 'deal_won' }), // 17: after the period
  ev(C.c1, U.u1, 'note', 'manual', null, at(8, 0)), // 18: exactly at `to` (exclusive)
];

/** The other tenant: same ids, other facts; must never leak into company A's figures. */
export const OTHER: FixtureEvent[] = [
  ev(C.c1, U.u1, 'call', 'phone_system', 'outbound', at(2, 9), { duration: 99, outcome: 'deal_won' }),
  ev(C.c3, U.u4, 'meeting', 'calendar', 'outbound', at(3, 9), { duration: 60, outcome: 'resolved' }),
];

export async function insertFixtureEvents(scope: Scope, events: FixtureEvent[]) {
  const rows = events.map((e) => {
    const c = checkEvent({
      id: e.id,
      customer_id: e.customer,
      user_id: e.user,
      event_type: e.type,
      event_source: e.source,
      event_title: `${e.type} ${e.id.slice(-3)}`,
      event_timestamp: e.at,
      status: e.status,
      ...(e.direction ? { direction: e.direction } : {}),
      ...(e.duration !== null ? { duration_minutes: e.duration } : {}),
      event_data: e.outcome ? { outcome: e.outcome } : {},
    });
    if (!c.ok) throw new Error(c.detail);
    return c.event;
  });
  await insertEvents(scope, rows);
  for (const e of events) if (e.deleted) await updateEvent(scope, e.id, { is_deleted: true });
}

/** Loads the directory and events of both tenants. */
export async function loadFixture(a: Scope, b: Scope) {
  await upsertTeams(a, [
    { id: T.t1, name: 'Team One', lead_user_id: U.u1 },
    { id: T.t2, name: 'Team Two', lead_user_id: U.u3 },
  ]);
  await upsertUsers(a, [
    { id: U.u1, name: 'Ann', role: 'team_lead', team_id: T.t1 },
    { id: U.u2, name: 'Bob', role: 'rep', team_id: T.t1 },
    { id: U.u4, name: 'Dee', role: 'rep', team_id: T.t1 }, // no events: still a member
    { id: U.u3, name: 'Cal', role: 'team_lead', team_id: T.t2 },
  ]);
  await upsertCustomers(a, [
    { id: C.c1, name: 'Acme', segment: 'enterprise' },
    { id: C.c2, name: 'Bolt', segment: 'smb' },
    { id: C.c3, name: 'Cove', segment: null },
    { id: C.c4, name: 'Dune', segment: 'smb' },
  ]);
  await upsertUsers(b, [{ id: U.u4, name: 'Other', role: 'rep', team_id: T.t1 }]);
  await insertFixtureEvents(a, FIXTURE);
  await insertFixtureEvents(b, OTHER);
}

export function fixtureParams(filters: ResolvedParams['filters'] = {}): ResolvedParams {
  return { filters, visible: ALL_ROWS, period: PERIOD, previous: null, bucket: 'day', tz: 'UTC' };
}

/** Company A's live events in the period, oldest first (by time, then id): the reference input. */
export function liveInPeriod(events = FIXTURE): FixtureEvent[] {
  return events
    .filter((e) => !e.deleted && e.at >= PERIOD.from.toISOString() && e.at < PERIOD.to.toISOString())
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
}
