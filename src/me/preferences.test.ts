import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';

describeApp('me/preferences', (t) => {
  it('is empty until set, stores goals per user, and keeps users apart', async () => {
    const co = newCompany();
    const [me, other] = [randomUUID(), randomUUID()];
    for (const id of [me, other]) {
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/directory/users/${id}`,
        headers: await co.auth('admin'),
        payload: { name: `User ${id.slice(0, 4)}`, role: 'rep' },
      });
      expect(put.statusCode).toBe(200);
    }
    const mine = await co.auth('rep', { userId: me });
    const empty = await t.app.inject({ url: '/api/v1/me/preferences', headers: mine });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({});

    const goals = { activities: 120, calls: 40 };
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/preferences',
      headers: mine,
      payload: { goals },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ goals });
    expect((await t.app.inject({ url: '/api/v1/me/preferences', headers: mine })).json()).toEqual({ goals });

    const theirs = await co.auth('rep', { userId: other });
    expect((await t.app.inject({ url: '/api/v1/me/preferences', headers: theirs })).json()).toEqual({});
  });

  it('rejects unknown metrics and negative goals with problem+json, and 404s a user not in the directory', async () => {
    const co = newCompany();
    const headers = await co.auth('rep');
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/preferences',
      headers,
      payload: { goals: { activities: -1, bogus: 3 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const missing = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/preferences',
      headers,
      payload: { goals: { activities: 10 } },
    });
    expect(missing.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/me/preferences' })).statusCode).toBe(401);
  });

  it('stores a time zone canonically next to the goals and refuses an unknown one naming the field', async () => {
    const co = newCompany();
    const me = randomUUID();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/users/${me}`,
      headers: await co.auth('admin'),
      payload: { name: 'Zoned user', role: 'rep' },
    });
    const headers = await co.auth('rep', { userId: me });
    const put = (payload: object) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/me/preferences', headers, payload });
    // An alias Intl knows is stored as its canonical name.
    const set = await put({ goals: { calls: 5 }, time_zone: 'Asia/Calcutta' });
    expect(set.statusCode).toBe(200);
    const stored = set.json() as { time_zone: string; goals: object };
    expect(stored.goals).toEqual({ calls: 5 });
    expect(['Asia/Kolkata', 'Asia/Calcutta']).toContain(stored.time_zone);
    expect((await t.app.inject({ url: '/api/v1/me/preferences', headers })).json()).toEqual(stored);

    const bad = await put({ time_zone: 'Mars/Olympus_Mons' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'body.time_zone', message: expect.stringContaining('IANA') }]);
    expect((await t.app.inject({ url: '/api/v1/me/preferences', headers })).json()).toEqual(stored);
  });
});
