/**
 * The response-time target (migration 0058): 240 minutes until changed, changed by admins only
 * through PATCH (or PUT) /company/settings, out-of-range values refused with 400 and nothing stored.
 */
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';

describeApp('company response-time target', (t) => {
  const target = async (headers: { authorization: string }) => {
    const res = await t.app.inject({ url: '/api/v1/company/settings', headers });
    expect(res.statusCode).toBe(200);
    return res.json().response_target_minutes as number;
  };
  const patch = (headers: { authorization: string }, payload: unknown, method: 'PATCH' | 'PUT' = 'PATCH') =>
    t.app.inject({ method, url: '/api/v1/company/settings', headers, payload: payload as object });

  it('is 240 minutes by default and changed by an admin, leaving the other settings as they were', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    const lead = await co.auth('team_lead');
    expect(await target(lead)).toBe(240);
    const before = (await t.app.inject({ url: '/api/v1/company/settings', headers: admin })).json();
    const res = await patch(admin, { response_target_minutes: 90 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...before, response_target_minutes: 90 });
    expect(await target(lead)).toBe(90);
    // PUT takes the same partial body.
    expect((await patch(admin, { response_target_minutes: 10080 }, 'PUT')).statusCode).toBe(200);
    expect(await target(lead)).toBe(10080);
    // Another company keeps its own.
    expect(await target(await newCompany().auth('admin'))).toBe(240);
    const audit = await t.app.inject({
      url: '/api/v1/audit?action=company.settings.update',
      headers: admin,
    });
    const changes = audit.json().entries.map((e: { details: { changes: unknown } }) => e.details.changes);
    expect(changes).toContainEqual({ response_target_minutes: { before: 240, after: 90 } });
  });

  it('refuses non-admins (403) and out-of-range or non-integer values (400), storing nothing', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    for (const role of ['team_lead', 'executive', 'rep', 'compliance'] as const) {
      const res = await patch(await co.auth(role), { response_target_minutes: 60 });
      expect([role, res.statusCode]).toEqual([role, 403]);
    }
    for (const value of [0, -5, 10081, 1.5, 'an hour', null]) {
      const res = await patch(admin, { response_target_minutes: value });
      expect([value, res.statusCode]).toEqual([value, 400]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain('response_target_minutes');
    }
    expect(await target(admin)).toBe(240);
  });
});
