/**
 * Private activities: visibility is set on ingest and changed by PATCH (owner or admin only), and a
 * live stream client who may not read an event receives its placeholder, live, while a client
 * searching for its words never receives it. (Every other read path: read-paths.test.ts.)
 */
import { expect, it } from 'vitest';
import { describeStream } from '../stream/testing/harness.js';
import { openStream } from '../stream/testing/sse-client.js';
import { newCompany } from '../test/app.js';
import { C, seedFixture, T, U } from './testing/fixture.js';

const event = (title: string, visibility?: string) => ({
  customer_id: C.c1,
  user_id: U.r1,
  event_type: 'call',
  event_source: 'phone_system',
  event_title: title,
  event_description: `${title}: the details`,
  event_timestamp: '2025-03-05T10:00:00.000Z',
  participants: [{ email: 'hr@example.test', name: 'HR partner' }],
  ...(visibility ? { visibility } : {}),
});

describeStream('private activities', (t) => {
  it('visibility is set on ingest and changed only by the owner or an admin', async () => {
    const co = newCompany();
    await seedFixture(t.app, co);
    const integration = await co.auth('integration');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: integration,
      payload: event('Disciplinary call', 'private'),
    });
    expect(created.statusCode).toBe(201);
    // The module that wrote it is not its owner: even its own answer is the placeholder.
    expect(created.json()).toMatchObject({
      visibility: 'private',
      redacted: true,
      event_title: 'Private activity',
      event_description: null,
      participants: [],
    });
    const url = `/api/v1/events/${created.json().id}`;
    const patch = async (headers: { authorization: string }, payload: object) =>
      t.app.inject({ method: 'PATCH', url, headers, payload });

    for (const headers of [
      integration,
      await co.auth('rep', { userId: U.r2 }),
      await co.auth('compliance'),
    ]) {
      const refused = await patch(headers, { visibility: 'default' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().errors).toEqual([
        { path: 'body.visibility', message: "only the event's owner or an admin" },
      ]);
    }
    const owner = await co.auth('rep', { userId: U.r1, teamId: T.t1 });
    expect((await patch(owner, { visibility: 'bogus' })).statusCode).toBe(400);
    const byOwner = await patch(owner, { visibility: 'team' });
    expect([byOwner.statusCode, byOwner.json().visibility, byOwner.json().redacted]).toEqual([
      200,
      'team',
      false,
    ]);
    expect(byOwner.json().event_title).toBe('Disciplinary call');
    // A teammate in the directory now reads it; an admin does not, until they make it default.
    const mate = await t.app.inject({
      method: 'GET',
      url,
      headers: await co.auth('agent', { userId: U.a1 }),
    });
    expect([mate.json().redacted, mate.json().event_title]).toEqual([false, 'Disciplinary call']);
    const admin = await co.auth('admin');
    const before = await t.app.inject({ method: 'GET', url, headers: admin });
    expect([before.json().redacted, before.json().event_title]).toEqual([true, 'Private activity']);
    const byAdmin = await patch(admin, { visibility: 'default' });
    expect([byAdmin.statusCode, byAdmin.json().redacted, byAdmin.json().event_title]).toEqual([
      200,
      false,
      'Disciplinary call',
    ]);
    // Other fields stay writable by those who may modify events, and answer in the form they may read.
    await patch(owner, { visibility: 'private' });
    const status = await patch(integration, { status: 'completed' });
    expect([status.statusCode, status.json().status, status.json().redacted]).toEqual([
      200,
      'completed',
      true,
    ]);
  }, 60_000);

  it('a stream client receives the placeholder live; a search stream never receives it', async () => {
    const co = newCompany();
    await seedFixture(t.app, co);
    const admin = await co.auth('admin');
    const owner = await co.auth('rep', { userId: U.r1, teamId: T.t1 });
    const [adminSse, ownerSse, searchSse] = await Promise.all([
      openStream(`${t.base}/api/v1/stream`, { headers: admin }),
      openStream(`${t.base}/api/v1/stream`, { headers: owner }),
      openStream(`${t.base}/api/v1/stream?q=dismissal`, { headers: admin }),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: [event('Dismissal hearing', 'private'), event('Dismissal policy review')],
    });
    const [secret, open] = (res.json().results as Array<{ id: string }>).map((r) => r.id);
    type Msg = { id: string; event_title: string; redacted: boolean };
    for (const sse of [adminSse, ownerSse])
      await sse.waitFor((s) => s.of('event.created').length >= 2, 10_000, 'both events');
    await searchSse.waitFor((s) => s.of('event.created').length >= 1, 10_000, 'the open event');
    await new Promise((r) => setTimeout(r, 300)); // anything more would arrive now

    const seen = (msgs: Msg[]) => msgs.map((m) => [m.id, m.event_title, m.redacted]);
    expect(seen(ownerSse.of<Msg>('event.created'))).toEqual([
      [secret, 'Dismissal hearing', false],
      [open, 'Dismissal policy review', false],
    ]);
    expect(seen(adminSse.of<Msg>('event.created'))).toEqual([
      [secret, 'Private activity', true],
      [open, 'Dismissal policy review', false],
    ]);
    const adminText = JSON.stringify(adminSse.of('event.created')[0]);
    for (const leak of ['hearing', 'the details', 'hr@example.test']) expect(adminText).not.toContain(leak);
    expect(seen(searchSse.of<Msg>('event.created'))).toEqual([[open, 'Dismissal policy review', false]]);
    for (const sse of [adminSse, ownerSse, searchSse]) sse.close();
  }, 60_000);
});
