import { expect, it } from 'vitest';
import { signToken } from '../auth/tokens.js';
import { describeApp, newCompany, TEST_SECRET } from '../test/app.js';
import { person } from '../timelines/testing.js';

describeApp('query values normalised at the edge', (t) => {
  const company = newCompany();

  it.each([
    ['/events?limit=Infinity', 'query.limit'],
    ['/events?limit=-Infinity', 'query.limit'],
    ['/events?limit=1e400', 'query.limit'],
    ['/timelines?limit=Infinity', 'query.limit'],
    ['/directory/users?limit=-Infinity', 'query.limit'],
    ['/analytics/journey?limit=Infinity', 'query.limit'],
    ['/analytics/response-times?window_days=Infinity', 'query.window_days'],
    ['/analytics/response-times?window_days=-Infinity', 'query.window_days'],
  ])('%s → 400 naming %s', async (url, path) => {
    const res = await t.app.inject({ url: `/api/v1${url}`, headers: await company.auth('admin') });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([{ path, message: 'must be a finite number' }]);
  });

  it('takes a finite number as before', async () => {
    const res = await t.app.inject({ url: '/api/v1/events?limit=3', headers: await company.auth('admin') });
    expect(res.statusCode).toBe(200);
  });

  it('reads a uuid written in upper case as the same id, in the token and in the path', async () => {
    const owner = await person(t, company, 'rep');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/timelines',
      headers: owner.headers,
      payload: { timeline_name: 'Mine', timeline_type: 'personal', is_public: false },
    });
    expect(created.statusCode).toBe(201);
    const id: string = created.json().id;
    const shouting = await signToken(TEST_SECRET, {
      userId: owner.id.toUpperCase(),
      companyId: company.id.toUpperCase(),
      role: 'rep',
    });
    for (const [token, path] of [
      [shouting, id],
      [shouting, id.toUpperCase()],
      [owner.headers.authorization.slice(7), id.toUpperCase()],
    ] as const) {
      const res = await t.app.inject({
        url: `/api/v1/timelines/${path}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().id).toBe(id);
    }
    const events = await t.app.inject({
      url: `/api/v1/events?user_id=${owner.id.toUpperCase()}`,
      headers: { authorization: `Bearer ${shouting}` },
    });
    expect(events.statusCode).toBe(200);
  });
});
