import { beforeAll, expect, it } from 'vitest';
import { P, type Seeded, seedFixture } from '../analytics/test-support/fixture.js';
import { getAs } from '../analytics/test-support/request.js';
import { saveCompanySettings } from '../company/queries.js';
import { scopeFor } from '../db/scope.js';
import { describeApp } from '../test/app.js';

const period = `from=${P.from}&to=${P.to}`;

describeApp('GET /events?unanswered=true', (t) => {
  let fx: Seeded;
  beforeAll(async () => {
    fx = await seedFixture(t.db);
    await seedFixture(t.db); // another tenant's identical events must not count
  });

  const titles = async (url: string, role: Parameters<typeof getAs>[3] = 'executive', user?: string) => {
    const res = await getAs(t.app, fx, url, role, user);
    expect(res.statusCode).toBe(200);
    return (res.json().items as Array<{ event_title: string }>).map((e) => e.event_title).sort();
  };

  it('lists exactly the inbound events the response-time KPI counts as unanswered', async () => {
    // Worked out by hand in analytics/response-times.test.ts: A3 (reply after 8 days), A13 (its
    // reply deleted) and A20 (no reply) are the period's 3 unanswered inbound events.
    expect(await titles(`/api/v1/events?unanswered=true&${period}&limit=200`)).toEqual(['A13', 'A20', 'A3']);
    const kpi = (await getAs(t.app, fx, `/api/v1/analytics/response-times?${period}`)).json();
    expect(kpi.overall.unanswered).toBe(3);
  });

  it('equals the KPI for every type, and for a team lead under team visibility (only the events they read)', async () => {
    const kpi = (await getAs(t.app, fx, `/api/v1/analytics/response-times?${period}`)).json();
    for (const group of kpi.by_type as Array<{ key: string; unanswered: number }>) {
      const listed = await titles(`/api/v1/events?unanswered=true&type=${group.key}&${period}&limit=200`);
      expect([group.key, listed.length]).toEqual([group.key, group.unanswered]);
    }
    // Under team visibility T1's lead reads T1's activity only.
    await saveCompanySettings(scopeFor(t.db, fx.companyId), { activity_visibility: 'team' });
    const asLead = (
      await getAs(
        t.app,
        fx,
        `/api/v1/analytics/response-times?${period}`,
        'team_lead',
        fx.users.u1,
        fx.teams.T1,
      )
    ).json();
    const listed = await getAs(
      t.app,
      fx,
      `/api/v1/events?unanswered=true&${period}&limit=200`,
      'team_lead',
      fx.users.u1,
      fx.teams.T1,
    );
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toHaveLength(asLead.overall.unanswered);
    // A3 and A13 are T2's (u3): T1's lead neither reads them nor has them counted.
    expect(listed.json().items.map((e: { event_title: string }) => e.event_title)).toEqual(['A20']);
  });

  it('pages with a cursor of its own, and refuses a bad value by name', async () => {
    const first = (await getAs(t.app, fx, `/api/v1/events?unanswered=true&${period}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const rest = (
      await getAs(
        t.app,
        fx,
        `/api/v1/events?unanswered=true&${period}&limit=2&cursor=${encodeURIComponent(first.next_cursor)}`,
      )
    ).json();
    expect([...first.items, ...rest.items].map((e: { event_title: string }) => e.event_title)).toEqual([
      'A20',
      'A13',
      'A3',
    ]);
    const mixed = await getAs(
      t.app,
      fx,
      `/api/v1/events?${period}&limit=2&cursor=${encodeURIComponent(first.next_cursor)}`,
    );
    expect(mixed.statusCode).toBe(400);
    const bad = await getAs(t.app, fx, `/api/v1/events?unanswered=maybe`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('unanswered');
  });
});
