/**
 * The live stream under `team`: a rep subscribed without filters receives only the events they may
 * see, live (next to an admin and an agent of another team on the same feed, same filters, same
 * position: clients that share bytes must not share visibility) and on resume after a gap.
 */
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { describeStream } from '../stream/testing/harness.js';
import { openStream, type SseConnection } from '../stream/testing/sse-client.js';
import { newCompany, type TestCompany } from '../test/app.js';
import { C, seedFixture, setVisibility, T, U } from './testing/fixture.js';

/** One event per owner, titled `<prefix> <owner name>`; returns the ids by owner name. */
async function ingestRound(app: FastifyInstance, co: TestCompany, prefix: string) {
  const owners = Object.entries(U);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/events/batch',
    headers: await co.auth('integration'),
    payload: owners.map(([, owner], i) => ({
      customer_id: C.c1,
      user_id: owner,
      event_type: 'note',
      event_source: 'manual',
      event_title: `${prefix} ${i}`,
      event_timestamp: new Date(Date.UTC(2025, 5, 1, 9, i)).toISOString(),
    })),
  });
  expect(res.statusCode).toBe(200);
  const ids = (res.json().results as Array<{ id: string }>).map((r) => r.id);
  return new Map(owners.map(([name], i) => [name, ids[i] as string]));
}

const idsOf = (sse: SseConnection, kind: string) =>
  sse
    .of<{ id: string }>(kind)
    .map((m) => m.id)
    .sort();
const pick = (ids: Map<string, string>, owners: string[]) => owners.map((o) => ids.get(o) as string).sort();

/** R1's team T1 holds L1, R1 and A1: the owners whose events R1 may see. */
const R1_SEES = ['l1', 'r1', 'a1'];
/** A2's team T2 (from the directory: the token names none) holds L2, R2 and A2. */
const A2_SEES = ['l2', 'r2', 'a2'];

describeStream('visibility on the live stream', (t) => {
  it('a rep without filters gets only visible events, live and on resume', async () => {
    const co = newCompany();
    await seedFixture(t.app, co);
    await setVisibility(t.app, co, 'team');
    const rep = await co.auth('rep', { userId: U.r1, teamId: T.t1 });
    const agent = await co.auth('agent', { userId: U.a2, teamId: null });
    const open = (headers: { authorization: string }, lastId?: string) =>
      openStream(`${t.base}/api/v1/stream`, {
        headers: lastId === undefined ? headers : { ...headers, 'last-event-id': lastId },
      });
    const [repSse, agentSse, adminSse] = await Promise.all([
      open(rep),
      open(agent),
      open(await co.auth('admin')),
    ]);

    // Live: the admin (everything) is the witness that all nine events were delivered.
    const live = await ingestRound(t.app, co, 'live');
    await adminSse.waitFor((s) => s.of('event.created').length >= 9, 10_000, 'the admin to see 9 events');
    await repSse.waitFor((s) => s.of('event.created').length >= 3, 10_000, 'the rep to see 3 events');
    await agentSse.waitFor((s) => s.of('event.created').length >= 3, 10_000, 'the agent to see 3 events');
    await new Promise((r) => setTimeout(r, 300));
    expect(idsOf(adminSse, 'event.created')).toEqual([...live.values()].sort());
    expect(idsOf(repSse, 'event.created')).toEqual(pick(live, R1_SEES));
    expect(idsOf(agentSse, 'event.created')).toEqual(pick(live, A2_SEES));

    // Resume: while the rep is away, a new round, an update and a delete of a visible and of a
    // hidden event; the replay from the rep's Last-Event-ID holds only the visible ones.
    const lastId = repSse.lastId as string;
    repSse.close();
    const gap = await ingestRound(t.app, co, 'gap');
    const integration = await co.auth('integration');
    for (const [method, owner, payload] of [
      ['PATCH', 'r1', { priority: 'high' }],
      ['PATCH', 'r2', { priority: 'high' }],
      ['DELETE', 'a1', undefined],
      ['DELETE', 'x', undefined],
    ] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/v1/events/${live.get(owner)}`,
        headers: integration,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode).toBeLessThan(300);
    }
    const resumed = await open(rep, lastId);
    await resumed.waitFor((s) => s.of('event.deleted').length >= 1, 10_000, 'the replay');
    await new Promise((r) => setTimeout(r, 300));
    expect(idsOf(resumed, 'event.created')).toEqual(pick(gap, R1_SEES));
    expect(idsOf(resumed, 'event.updated')).toEqual(pick(live, ['r1']));
    expect(idsOf(resumed, 'event.deleted')).toEqual(pick(live, ['a1']));
    for (const c of [resumed, agentSse, adminSse]) c.close();
  }, 60_000);

  it('under company the same rep receives every event (the setting, not the role, narrows)', async () => {
    const co = newCompany();
    await seedFixture(t.app, co);
    const sse = await openStream(`${t.base}/api/v1/stream`, {
      headers: await co.auth('rep', { userId: U.r1, teamId: T.t1 }),
    });
    const live = await ingestRound(t.app, co, 'live');
    await sse.waitFor((s) => s.of('event.created').length >= 9, 10_000, 'all 9 events');
    expect(idsOf(sse, 'event.created')).toEqual([...live.values()].sort());
    sse.close();
  }, 60_000);
});
