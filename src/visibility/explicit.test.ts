/**
 * Asking explicitly for what one may not see answers alike on every path (403 naming the field),
 * a hidden event id is a 404 like a foreign one, a saved timeline narrows silently, and company
 * settings are written by admins only.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Role } from '../auth/roles.js';
import { describeStream } from '../stream/testing/harness.js';
import { openStream } from '../stream/testing/sse-client.js';
import { newCompany } from '../test/app.js';
import { FROM, seedFixture, setVisibility, T, TO, U } from './testing/fixture.js';

describeStream('visibility: explicit asks and settings', (t) => {
  const get = async (url: string, headers: { authorization: string }) => {
    const res = await t.app.inject({ method: 'GET', url, headers });
    return { status: res.statusCode, body: res.json(), type: res.headers['content-type'] };
  };

  it('under team a rep asking for another team or user gets 403 naming the field on every path', async () => {
    const co = newCompany();
    const seeded = await seedFixture(t.app, co);
    await setVisibility(t.app, co, 'team');
    const rep = await co.auth('rep', { userId: U.r1, teamId: T.t1 });
    const range = `from=${FROM}&to=${TO}`;
    const asks = [
      [`/api/v1/events?team_id=${T.t2}`, 'query.team_id'],
      [`/api/v1/events?user_id=${U.r2}`, 'query.user_id'],
      [`/api/v1/events/histogram?user_id=${U.r2}&${range}`, 'query.user_id'],
      [`/api/v1/events/histogram?team_id=${T.t3}&${range}`, 'query.team_id'],
      [`/api/v1/timelines/${seeded.timelineId}/events?team_id=${T.t2}`, 'query.team_id'],
      [`/api/v1/timelines/${seeded.timelineId}/histogram?user_id=${U.x}&${range}`, 'query.user_id'],
      [`/api/v1/analytics/volume?team_id=${T.t2}&${range}`, 'query.team_id'],
      [`/api/v1/analytics/volume?user_id=${U.a1}&${range}`, 'query.user_id'], // a teammate's individual figures
    ];
    for (const [url, path] of asks) {
      const res = await get(url as string, rep);
      expect(res.status, url).toBe(403);
      expect(res.type, url).toMatch(/application\/problem\+json/);
      expect(res.body.errors, url).toEqual([{ path, message: 'not visible to your role' }]);
    }
    // The stream refuses before it starts streaming, with the same problem.
    const sse = await openStream(`${t.base}/api/v1/stream?team_id=${T.t2}`, { headers: rep });
    expect(sse.status).toBe(403);
    expect(JSON.parse(await sse.body).errors).toEqual([
      { path: 'query.team_id', message: 'not visible to your role' },
    ]);

    // Asking for what one may see narrows as usual: a teammate's events, one's own team.
    const mate = await get(`/api/v1/events?user_id=${U.a1}`, rep);
    expect(mate.status).toBe(200);
    expect(mate.body.items.map((e: { id: string }) => e.id)).toEqual([seeded.ids.get('a1')]);
    const team = await get(`/api/v1/events?team_id=${T.t1}`, rep);
    expect(team.body.items.map((e: { id: string }) => seeded.names.get(e.id)).sort()).toEqual([
      'a1',
      'l1',
      'r1a',
      'r1b',
    ]);
  }, 60_000);

  it('a hidden event is a 404 like a foreign one; a shared team timeline narrows silently', async () => {
    const co = newCompany();
    const seeded = await seedFixture(t.app, co);
    const agent = await co.auth('agent', { userId: U.a2 });
    const hidden = `/api/v1/events/${seeded.ids.get('r1a')}`;
    expect((await get(hidden, agent)).status).toBe(200); // company: readable
    const teamTimeline = `/api/v1/timelines/${seeded.teamTimelineId}/events`;
    expect((await get(teamTimeline, agent)).body.items).toHaveLength(4); // T1's four events
    await setVisibility(t.app, co, 'team');
    const refused = await get(hidden, agent);
    const foreign = await get(`/api/v1/events/${randomUUID()}`, agent);
    expect([refused.status, refused.body.detail]).toEqual([404, foreign.body.detail]);
    const narrowed = await get(teamTimeline, agent);
    expect([narrowed.status, narrowed.body.items]).toEqual([200, []]);
  }, 60_000);

  it('company settings: activity_visibility defaults to company; only admins write settings', async () => {
    const co = newCompany();
    const read = await get('/api/v1/company/settings', await co.auth('rep'));
    expect(read.body.activity_visibility).toBe('company');
    const others: Role[] = [
      'integration',
      'rep',
      'agent',
      'team_lead',
      'marketing',
      'executive',
      'compliance',
    ];
    for (const role of others) {
      for (const payload of [{ activity_visibility: 'team' }, { timezone: 'Europe/Paris' }]) {
        const res = await t.app.inject({
          method: 'PUT',
          url: '/api/v1/company/settings',
          headers: await co.auth(role),
          payload,
        });
        expect(res.statusCode, role).toBe(403);
        expect(res.headers['content-type'], role).toMatch(/application\/problem\+json/);
      }
    }
    const admin = await co.auth('admin');
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/company/settings',
      headers: admin,
      payload: { activity_visibility: 'private' },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/company/settings',
      headers: admin,
      payload: { activity_visibility: 'team' },
    });
    expect([ok.statusCode, ok.json().activity_visibility]).toEqual([200, 'team']);
    expect((await get('/api/v1/company/settings', admin)).body).toMatchObject({
      activity_visibility: 'team',
      timezone: 'UTC',
    });
  }, 60_000);
});
