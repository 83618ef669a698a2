/**
 * The scheduled-delivery suites' company: teams A and B, a lead and a rep in A, a rep in B (each
 * with an email), one customer (segment "enterprise"), and four events around now whose digest
 * figures are worked out by hand below for each viewer.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TestCompany } from '../../test/app.js';

export const T = { a: randomUUID(), b: randomUUID() };
export const U = { leadA: randomUUID(), repA: randomUUID(), repB: randomUUID() };
export const C1 = randomUUID();
export const EMAIL = { leadA: 'lead.a@example.com', repA: 'rep.a@example.com', repB: 'rep.b@example.com' };

const HOUR = 3_600_000;

/**
 * e1 repA inbound email, high priority, 3 h ago; e2 repB outbound call, negative, 2 h ago;
 * e4 repB inbound SMS 1 h ago; e3 repA meeting scheduled in 1 day.
 *
 * Seeing everything (company-wide viewer): 3 events in the window (email 1, call 1, sms 1);
 * notable e1 (high) and e2 (negative) = 2; unanswered: e4 only (e1 was followed by e2, an
 * outbound to the same customer) = 1; upcoming e3 = 1.
 * Rep A under `team` (sees team A only): 1 event (email 1); notable e1; unanswered e1 (e2 is
 * invisible to them, so no reply is seen); upcoming e3.
 */
export const EXPECTED = {
  all: { events: 3, by_channel: { email: 1, call: 1, sms: 1 }, notable: 2, unanswered: 1, upcoming: 1 },
  repA: { events: 1, by_channel: { email: 1 }, notable: 1, unanswered: 1, upcoming: 1 },
};

export async function seedDigestCompany(app: FastifyInstance, co: TestCompany, now = Date.now()) {
  const admin = await co.auth('admin');
  const post = async (url: string, payload: unknown, headers = admin) => {
    const res = await app.inject({ method: 'POST', url, headers, payload: payload as object });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  await post('/api/v1/directory/teams/bulk', [
    { id: T.a, name: 'Team A', lead_user_id: U.leadA },
    { id: T.b, name: 'Team B', lead_user_id: null },
  ]);
  await post('/api/v1/directory/users/bulk', [
    { id: U.leadA, name: 'Lead A', role: 'team_lead', team_id: T.a, email: EMAIL.leadA },
    { id: U.repA, name: 'Rep A', role: 'rep', team_id: T.a, email: EMAIL.repA },
    { id: U.repB, name: 'Rep B', role: 'rep', team_id: T.b, email: EMAIL.repB },
  ]);
  await post('/api/v1/directory/customers/bulk', [{ id: C1, name: 'Acme', segment: 'enterprise' }]);
  const at = (h: number) => new Date(now + h * HOUR).toISOString();
  const event = (over: Record<string, unknown>) => ({ customer_id: C1, event_source: 'api', ...over });
  await post(
    '/api/v1/events/batch',
    [
      event({
        user_id: U.repA,
        event_type: 'email',
        event_title: 'Need pricing',
        direction: 'inbound',
        priority: 'high',
        event_timestamp: at(-3),
      }),
      event({
        user_id: U.repB,
        event_type: 'call',
        event_title: 'Angry call',
        direction: 'outbound',
        sentiment: 'negative',
        event_timestamp: at(-2),
      }),
      event({
        user_id: U.repA,
        event_type: 'meeting',
        event_title: 'Demo',
        direction: 'outbound',
        status: 'scheduled',
        event_timestamp: at(24),
      }),
      event({
        user_id: U.repB,
        event_type: 'sms',
        event_title: 'Call me back',
        direction: 'inbound',
        event_timestamp: at(-1),
      }),
    ],
    await co.auth('integration'),
  );
}

export async function setTeamVisibility(app: FastifyInstance, co: TestCompany) {
  const res = await app.inject({
    method: 'PUT',
    url: '/api/v1/company/settings',
    headers: await co.auth('admin'),
    payload: { activity_visibility: 'team' },
  });
  if (res.statusCode !== 200) throw new Error(`settings: ${res.statusCode} ${res.body}`);
}
