/**
 * The hand-made analytics fixture (issue 4 tests). Company tz Europe/Paris; the period P covers the
 * local days Sat 25 – Tue 28 October 2025, across the DST fall-back (Sun 26, a 25-hour day). Events
 * sit exactly on bucket edges, on both passes of the repeated hour, outside P, deleted, unanswered.
 * The same events are written for a second company (shifted names only) to prove tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import { saveCompanySettings } from '../../company/queries.js';
import type { Db } from '../../db/connect.js';
import { scopeFor } from '../../db/scope.js';
import { upsertCustomers, upsertTeams, upsertUsers } from '../../directory/queries.js';
import { insertEvents, type NewEvent, updateEvent } from '../../events/queries/write-events.js';

export const TZ = 'Europe/Paris';
/** Sat 25 Oct 00:00 CEST → Wed 29 Oct 00:00 CET: 97 hours. */
export const P = { from: '2025-10-24T22:00:00.000Z', to: '2025-10-28T23:00:00.000Z' };

type Who = 'u1' | 'u2' | 'u3';
type Cust = 'c1' | 'c2' | 'c3' | 'c4';
export interface Spec {
  name: string;
  at: string;
  type: NewEvent['event_type'];
  source: NewEvent['event_source'];
  dir: 'inbound' | 'outbound' | 'internal' | null;
  user: Who;
  cust: Cust;
  thread?: string;
  duration?: number;
  status?: string;
  priority?: string;
  outcome?: string;
  sentiment?: string;
  score?: number;
  deleted?: boolean;
}

const s = (
  name: string,
  at: string,
  type: Spec['type'],
  source: Spec['source'],
  dir: Spec['dir'],
  user: Who,
  cust: Cust,
  more: Partial<Spec> = {},
): Spec => ({ name, at, type, source, dir, user, cust, ...more });

export const SPECS: Spec[] = [
  s('A1', '2025-10-24T21:59:59Z', 'call', 'phone_system', 'outbound', 'u1', 'c1'), // 1 s before P
  s('A2', '2025-10-24T22:00:00Z', 'call', 'phone_system', 'outbound', 'u1', 'c1', {
    duration: 10,
    status: 'completed',
    outcome: 'connected',
  }),
  s('A3', '2025-10-25T06:00:00Z', 'call', 'phone_system', 'inbound', 'u3', 'c4'), // answered after 8 days
  s('A4', '2025-10-25T21:00:00Z', 'email', 'email', 'inbound', 'u1', 'c1', {
    thread: 't1',
    sentiment: 'positive',
    score: 80,
  }),
  s('A5', '2025-10-25T21:10:00Z', 'email', 'email', 'outbound', 'u1', 'c1', { thread: 't2' }), // other thread
  s('A6', '2025-10-25T21:30:00Z', 'email', 'email', 'outbound', 'u2', 'c1', { thread: 't1' }),
  s('A7', '2025-10-25T22:00:00Z', 'meeting', 'calendar', 'outbound', 'u2', 'c2', {
    duration: 60,
    status: 'completed',
    outcome: 'meeting_booked',
  }), // exactly Sun 26 00:00 local
  s('A8', '2025-10-26T00:30:00Z', 'note', 'manual', null, 'u1', 'c1', { priority: 'high' }), // 02:30 CEST
  s('A9', '2025-10-26T01:30:00Z', 'note', 'manual', null, 'u1', 'c1'), // 02:30 CET, the repeated hour
  s('A10', '2025-10-26T08:00:00Z', 'sms', 'phone_system', 'inbound', 'u3', 'c2', { sentiment: 'negative' }),
  s('A11', '2025-10-26T10:00:00Z', 'call', 'phone_system', 'outbound', 'u1', 'c2', { duration: 5 }),
  s('A12', '2025-10-26T23:00:00Z', 'task', 'task_manager', 'outbound', 'u3', 'c3', { status: 'completed' }),
  s('A13', '2025-10-27T09:00:00Z', 'chat', 'chat', 'inbound', 'u3', 'c3'),
  s('A14', '2025-10-27T09:05:00Z', 'chat', 'chat', 'outbound', 'u3', 'c3', { deleted: true }),
  s('A16', '2025-10-27T12:00:00Z', 'email', 'email', 'inbound', 'u1', 'c1'), // no thread: any reply to c1
  s('A17', '2025-10-27T12:45:00Z', 'email', 'email', 'outbound', 'u3', 'c1', { thread: 't1' }),
  s('A18', '2025-10-27T16:30:00Z', 'email', 'email', 'inbound', 'u1', 'c2', { thread: 't9' }), // 17:30 local
  s('A22', '2025-10-27T10:00:00Z', 'call', 'phone_system', 'outbound', 'u2', 'c2', { deleted: true }),
  s('A19', '2025-10-28T08:30:00Z', 'email', 'email', 'outbound', 'u2', 'c2', { thread: 't9' }),
  s('A20', '2025-10-28T22:59:59Z', 'web_visit', 'web', 'inbound', 'u1', 'c3'), // last second of P
  s('A21', '2025-10-28T23:00:00Z', 'call', 'phone_system', 'outbound', 'u1', 'c1'), // = P.to, excluded
  s('A15', '2025-11-02T07:00:00Z', 'call', 'phone_system', 'outbound', 'u3', 'c4'),
];

export interface Seeded {
  companyId: string;
  users: Record<Who, string>;
  teams: { T1: string; T2: string };
  customers: Record<Cust, string>;
  /** Every stored event (deleted ones flagged), in the shape the oracles read. */
  events: Array<NewEvent & { name: string; is_deleted: boolean }>;
}

export async function seedFixture(db: Db, companyId = randomUUID()): Promise<Seeded> {
  const scope = scopeFor(db, companyId);
  const users = { u1: randomUUID(), u2: randomUUID(), u3: randomUUID() };
  const teams = { T1: randomUUID(), T2: randomUUID() };
  const customers = { c1: randomUUID(), c2: randomUUID(), c3: randomUUID(), c4: randomUUID() };
  await saveCompanySettings(scope, { name: 'Fixture', timezone: TZ });
  await upsertTeams(scope, [
    { id: teams.T1, name: 'T1', lead_user_id: users.u1 },
    { id: teams.T2, name: 'T2', lead_user_id: null },
  ]);
  await upsertUsers(scope, [
    { id: users.u1, name: 'U1', role: 'team_lead', team_id: teams.T1 },
    { id: users.u2, name: 'U2', role: 'rep', team_id: teams.T1 },
    { id: users.u3, name: 'U3', role: 'agent', team_id: teams.T2 },
  ]);
  // c3 has no segment and c4 is unknown to the directory: both report as segment "unknown".
  await upsertCustomers(scope, [
    { id: customers.c1, name: 'C1', segment: 'enterprise' },
    { id: customers.c2, name: 'C2', segment: 'smb' },
    { id: customers.c3, name: 'C3', segment: null },
  ]);
  const events = SPECS.map((x) => ({
    name: x.name,
    is_deleted: Boolean(x.deleted),
    id: randomUUID(),
    external_id: null,
    customer_id: customers[x.cust],
    contact_id: null,
    user_id: users[x.user],
    event_type: x.type,
    event_source: x.source,
    event_title: x.name,
    event_description: null,
    event_timestamp: new Date(x.at),
    duration_minutes: x.duration ?? null,
    event_data: {
      ...(x.thread ? { thread_id: x.thread } : {}),
      ...(x.outcome ? { outcome: x.outcome } : {}),
    },
    participants: [],
    related_objects: [],
    priority: x.priority ?? 'normal',
    status: x.status ?? 'active',
    engagement_score: x.score ?? null,
    sentiment: x.sentiment ?? null,
    direction: x.dir,
  }));
  await insertEvents(
    scope,
    events.map(({ name: _n, is_deleted: _d, ...e }) => e),
  );
  for (const e of events.filter((x) => x.is_deleted)) await updateEvent(scope, e.id, { is_deleted: true });
  return { companyId, users, teams, customers, events };
}
