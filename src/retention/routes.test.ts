/**
 * GET/PUT /retention: compliance and admin read and change the settings, see what a purge run now
 * would remove (the same rows the purge then removes) and the last purge; other roles get 403.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

const DAY = 86_400_000;

describeApp('retention routes', (t) => {
  it('shows the next purge, takes changes from compliance, audits them, and names the last purge', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    const compliance = await co.auth('compliance');
    const now = Date.now();
    const post = async (daysAgo: number) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/events',
          headers: admin,
          payload: eventInput({ event_timestamp: new Date(now - daysAgo * DAY).toISOString() }),
        })
      ).json().id as string;
    const deleted = await post(10);
    await post(3 * 366); // three years old
    await post(1);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/events/${deleted}`, headers: admin });
    await sql`update crm_activity_events set updated_at = now() - interval '40 days'
              where company_id = ${co.id} and id = ${deleted}`.execute(t.db.kysely);

    const before = await t.app.inject({ url: '/api/v1/retention', headers: compliance });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({
      retention_deleted_days: 30,
      retention_years: null,
      next_purge: { soft_deleted: 1, expired: 0, older_than: null },
      last_purge: null,
    });
    const cutoff = Date.parse(before.json().next_purge.deleted_before);
    expect(Math.abs(cutoff - (now - 30 * DAY))).toBeLessThan(60_000);

    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/retention',
      headers: compliance,
      payload: { retention_years: 2 },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      retention_deleted_days: 30,
      retention_years: 2,
      next_purge: { soft_deleted: 1, expired: 1 },
    });
    const audit = await t.app.inject({
      url: '/api/v1/audit?action=company.settings.update',
      headers: admin,
    });
    expect(audit.json().entries[0]).toMatchObject({
      actor_role: 'compliance',
      details: { changes: { retention_years: { before: null, after: 2 } } },
    });

    // Purge now: exactly what the preview announced, audited as the officer who asked.
    const purge = await t.app.inject({ method: 'POST', url: '/api/v1/retention/purge', headers: compliance });
    expect(purge.statusCode, purge.body).toBe(200);
    expect(purge.json()).toMatchObject({ removed: 2, soft_deleted: 1, expired: 1 });
    expect(purge.json().audit_ids).toHaveLength(1);
    const purges = await t.app.inject({ url: '/api/v1/audit?action=retention.purge', headers: admin });
    expect(purges.json().entries).toMatchObject([
      {
        id: purge.json().audit_ids[0],
        actor_role: 'compliance',
        details: { count: 2, soft_deleted: 1, expired: 1, policy: { deleted_days: 30, years: 2 } },
      },
    ]);
    const events = await t.app.inject({ url: '/api/v1/events?limit=10', headers: admin });
    expect(events.json().items).toHaveLength(1); // the one-day-old event stays
    const after = (await t.app.inject({ url: '/api/v1/retention', headers: admin })).json();
    expect(after.next_purge).toMatchObject({ soft_deleted: 0, expired: 0 });
    expect(after.last_purge).toMatchObject({ count: 2, audit_id: purge.json().audit_ids[0] });
    // A second run finds nothing and writes no entry.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/retention/purge', headers: compliance });
    expect(again.json()).toEqual({ removed: 0, soft_deleted: 0, expired: 0, audit_ids: [] });
    const verify = await t.app.inject({ url: '/api/v1/audit/verify', headers: admin });
    expect(verify.json()).toMatchObject({ ok: true });
  });

  it('refuses other roles and bad values', async () => {
    const co = newCompany();
    for (const role of ['rep', 'team_lead', 'executive', 'integration'] as const) {
      const headers = await co.auth(role);
      expect((await t.app.inject({ url: '/api/v1/retention', headers })).statusCode).toBe(403);
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/retention',
        headers,
        payload: { retention_deleted_days: 5 },
      });
      expect(put.statusCode).toBe(403);
      const purge = await t.app.inject({ method: 'POST', url: '/api/v1/retention/purge', headers });
      expect(purge.statusCode).toBe(403);
    }
    const compliance = await co.auth('compliance');
    for (const payload of [
      {},
      { retention_deleted_days: 0 },
      { retention_years: 101 },
      { timezone: 'UTC' },
    ]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/retention',
        headers: compliance,
        payload,
      });
      expect(res.statusCode).toBe(400);
    }
  });
});
