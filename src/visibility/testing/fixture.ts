/**
 * The visibility suites' company: three teams, people in each, one event owned by each of them
 * (and one by someone the directory does not know), and the viewers whose reads are checked.
 * The events each viewer may read under `team` are written out by hand (`TEAM_VISIBLE`), from
 * the directory below, never computed by the module under test; so are the viewers who read the
 * content of the four events with a visibility of their own (`RESTRICTED`).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../auth/roles.js';
import type { TestCompany } from '../../test/app.js';

const id = (): string => randomUUID();
export const FROM = '2025-03-01T00:00:00.000Z';
export const TO = '2025-03-15T00:00:00.000Z';
const BASE = Date.parse('2025-03-04T10:00:00.000Z');

export const T = { t1: id(), t2: id(), t3: id() };
export const U = { l1: id(), r1: id(), a1: id(), l2: id(), r2: id(), a2: id(), r3: id(), n1: id(), x: id() };
export const C = { c1: id(), c2: id(), c3: id() };

/** Directory: L1 leads T1, L2 leads T2 (and is a member of T2), T3 has no lead, N1 no team; X is unknown. */
const USERS = [
  { id: U.l1, name: 'L1', role: 'team_lead', team_id: T.t1 },
  { id: U.r1, name: 'R1', role: 'rep', team_id: T.t1 },
  { id: U.a1, name: 'A1', role: 'agent', team_id: T.t1 },
  { id: U.l2, name: 'L2', role: 'team_lead', team_id: T.t2 },
  { id: U.r2, name: 'R2', role: 'rep', team_id: T.t2 },
  { id: U.a2, name: 'A2', role: 'agent', team_id: T.t2 },
  { id: U.r3, name: 'R3', role: 'rep', team_id: T.t3 },
  { id: U.n1, name: 'N1', role: 'rep', team_id: null, email: 'n1@example.test' },
];
const TEAMS = [
  { id: T.t1, name: 'T1', lead_user_id: U.l1 },
  { id: T.t2, name: 'T2', lead_user_id: U.l2 },
  { id: T.t3, name: 'T3', lead_user_id: null },
];

export interface FixtureEvent {
  name: string;
  owner: string;
  customer: string;
  direction: 'inbound' | 'outbound';
  minutes: number;
  visibility?: 'team' | 'participants' | 'private';
  participants?: Array<{ id?: string; email?: string }>;
}

/** One event per person; the inbound ones are answered (company-wide) by r2, n1 and r3, x never. */
export const EVENTS: FixtureEvent[] = [
  { name: 'l1', owner: U.l1, customer: C.c1, direction: 'outbound', minutes: 0 },
  { name: 'r1a', owner: U.r1, customer: C.c1, direction: 'inbound', minutes: 10 },
  { name: 'r1b', owner: U.r1, customer: C.c2, direction: 'outbound', minutes: 20, visibility: 'private' },
  { name: 'a1', owner: U.a1, customer: C.c2, direction: 'inbound', minutes: 30 },
  { name: 'l2', owner: U.l2, customer: C.c3, direction: 'outbound', minutes: 40, visibility: 'team' },
  { name: 'r2', owner: U.r2, customer: C.c1, direction: 'outbound', minutes: 70 },
  { name: 'a2', owner: U.a2, customer: C.c3, direction: 'inbound', minutes: 80 },
  {
    name: 'r3',
    owner: U.r3,
    customer: C.c3,
    direction: 'outbound',
    minutes: 90,
    visibility: 'participants',
    participants: [{ id: U.a2 }, { email: 'someone@example.test' }],
  },
  { name: 'n1', owner: U.n1, customer: C.c2, direction: 'outbound', minutes: 100 },
  {
    name: 'x',
    owner: U.x,
    customer: C.c1,
    direction: 'inbound',
    minutes: 110,
    visibility: 'participants',
    participants: [{ email: 'N1@Example.test' }],
  },
];
export const ALL = EVENTS.map((e) => e.name);

export interface Viewer {
  label: string;
  role: Role;
  userId: string;
  tokenTeam: string | null;
}

/** The viewers checked: every role, a lead whose token names another team than the one they lead, a rep without a team. */
export const VIEWERS: Viewer[] = [
  { label: 'rep R1 (token team T1)', role: 'rep', userId: U.r1, tokenTeam: T.t1 },
  { label: 'agent A2 (no team in token: T2 in the directory)', role: 'agent', userId: U.a2, tokenTeam: null },
  { label: 'team_lead L2 (token team T3, leads T2)', role: 'team_lead', userId: U.l2, tokenTeam: T.t3 },
  { label: 'rep N1 (no team)', role: 'rep', userId: U.n1, tokenTeam: null },
  { label: 'marketing', role: 'marketing', userId: id(), tokenTeam: null },
  { label: 'executive', role: 'executive', userId: id(), tokenTeam: T.t1 },
  { label: 'compliance', role: 'compliance', userId: id(), tokenTeam: null },
  { label: 'admin', role: 'admin', userId: id(), tokenTeam: null },
  { label: 'integration', role: 'integration', userId: id(), tokenTeam: T.t1 },
];

/**
 * Under `team`, by hand from the directory: R1 reads T1's members (L1, R1, A1); A2 reads T2's (L2,
 * R2, A2); L2 reads T3's (R3) and T2's; N1 only their own; every other role everything.
 */
export const TEAM_VISIBLE: Record<string, string[]> = {
  'rep R1 (token team T1)': ['l1', 'r1a', 'r1b', 'a1'],
  'agent A2 (no team in token: T2 in the directory)': ['l2', 'r2', 'a2'],
  'team_lead L2 (token team T3, leads T2)': ['l2', 'r2', 'a2', 'r3'],
  'rep N1 (no team)': ['n1'],
};

const R1 = 'rep R1 (token team T1)';
const A2 = 'agent A2 (no team in token: T2 in the directory)';
const L2 = 'team_lead L2 (token team T3, leads T2)';
const N1 = 'rep N1 (no team)';

/**
 * The events with a visibility of their own and, by hand, the viewers who read their content;
 * every other viewer who sees them gets the placeholder, whatever the role (admin included).
 * r1b private: its owner R1. l2 team: its owner L2 and A2 (T2 in the directory; R2 is no viewer).
 * r3 participants: A2, listed by id (the owner R3 is no viewer). x participants: N1, listed by the
 * e-mail the directory has for them (in other letter case).
 */
export const RESTRICTED: Record<string, string[]> = {
  r1b: [R1],
  l2: [L2, A2],
  r3: [A2],
  x: [N1],
};

export const readsContent = (viewer: Viewer, name: string): boolean =>
  RESTRICTED[name]?.includes(viewer.label) ?? true;

export function expectedVisible(viewer: Viewer, setting: 'company' | 'team'): string[] {
  return setting === 'team' ? (TEAM_VISIBLE[viewer.label] ?? ALL) : ALL;
}

/** Whose team figures (team dashboard of T2) a viewer may see, under either setting. */
export const T2_FIGURES = new Set(['team_lead', 'marketing', 'executive', 'compliance', 'admin']);

export interface Seeded {
  /** Event id by fixture name, and back. */
  ids: Map<string, string>;
  names: Map<string, string>;
  /** A public saved timeline without filters or window, made by the admin. */
  timelineId: string;
  /** A public team timeline of T1 (team_id = T1), made by L1. */
  teamTimelineId: string;
}

export async function seedFixture(app: FastifyInstance, co: TestCompany): Promise<Seeded> {
  const admin = await co.auth('admin');
  const post = async (url: string, payload: unknown, headers = admin) => {
    const res = await app.inject({ method: 'POST', url, headers, payload: payload as object });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  await post('/api/v1/directory/teams/bulk', TEAMS);
  await post('/api/v1/directory/users/bulk', USERS);
  const batch = await post(
    '/api/v1/events/batch',
    EVENTS.map((e) => ({
      customer_id: e.customer,
      user_id: e.owner,
      event_type: e.direction === 'inbound' ? 'email' : 'call',
      event_source: e.direction === 'inbound' ? 'email' : 'phone_system',
      event_title: `Event ${e.name}`,
      event_timestamp: new Date(BASE + e.minutes * 60_000).toISOString(),
      direction: e.direction,
      status: 'scheduled', // due in the past: every event is in the real-time overdue count
      event_description: `Notes on ${e.name}`,
      ...(e.visibility ? { visibility: e.visibility } : {}),
      ...(e.participants ? { participants: e.participants } : {}),
    })),
    await co.auth('integration'),
  );
  const results = batch.results as Array<{ id: string }>;
  const ids = new Map(results.map((r, i) => [(EVENTS[i] as FixtureEvent).name, r.id]));
  const names = new Map([...ids].map(([name, eventId]) => [eventId, name]));
  const timeline = await post('/api/v1/timelines', {
    timeline_name: 'Everything',
    timeline_type: 'company',
    date_range_default: {},
    is_public: true,
  });
  const teamTimeline = await post(
    '/api/v1/timelines',
    { timeline_name: 'T1', timeline_type: 'team', date_range_default: {}, is_public: true },
    await co.auth('team_lead', { userId: U.l1, teamId: T.t1 }),
  );
  return { ids, names, timelineId: timeline.id, teamTimelineId: teamTimeline.id };
}

export async function setVisibility(app: FastifyInstance, co: TestCompany, setting: 'company' | 'team') {
  const res = await app.inject({
    method: 'PUT',
    url: '/api/v1/company/settings',
    headers: await co.auth('admin'),
    payload: { activity_visibility: setting },
  });
  if (res.statusCode !== 200) throw new Error(`settings: ${res.statusCode} ${res.body}`);
}
