import { beforeAll, expect, it } from 'vitest';
import { P, type Seeded, seedFixture } from '../analytics/test-support/fixture.js';
import { getAs } from '../analytics/test-support/request.js';
import { signToken } from '../auth/tokens.js';
import { saveCompanySettings } from '../company/queries.js';
import { scopeFor } from '../db/scope.js';
import { parseCsv, pdfText } from '../exports/testing.js';
import { describeApp, TEST_SECRET } from '../test/app.js';

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

  it('the histogram and the export hold the same events as the list (one condition, unanswered.ts)', async () => {
    const query = `unanswered=true&${period}`;
    // The histogram: per type, the list's count; the total equals the list's length.
    const listed = (await getAs(t.app, fx, `/api/v1/events?${query}&limit=200`)).json().items as Array<{
      event_type: string;
      event_title: string;
    }>;
    expect(listed.length).toBeGreaterThan(0);
    const hist = await getAs(t.app, fx, `/api/v1/events/histogram?${query}&bucket=day&tz=UTC`);
    expect(hist.statusCode, hist.body).toBe(200);
    const byType: Record<string, number> = {};
    for (const b of hist.json().buckets as Array<{ by_type: Record<string, number> }>)
      for (const [k, n] of Object.entries(b.by_type)) byType[k] = (byType[k] ?? 0) + n;
    const expected: Record<string, number> = {};
    for (const e of listed) expected[e.event_type] = (expected[e.event_type] ?? 0) + 1;
    expect(hist.json().total).toBe(listed.length);
    expect(byType).toEqual(expected);
    const all = (await getAs(t.app, fx, `/api/v1/events/histogram?${period}&bucket=day&tz=UTC`)).json();
    expect(all.total).toBeGreaterThan(listed.length);

    // The export: the same titles, and the file says it is the unanswered queue.
    const csv = await getAs(t.app, fx, `/api/v1/events/export?${query}&columns=title&tz=UTC&format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    const rows = parseCsv(csv.rawPayload)
      .slice(1)
      .map((r) => r[0]);
    expect(rows.sort()).toEqual(listed.map((e) => e.event_title).sort());
    const pdf = await getAs(t.app, fx, `/api/v1/events/export?${query}&columns=title&tz=UTC&format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdfText(pdf.rawPayload)).toContain('unanswered inbound only');
  });

  it("a saved timeline's events and histogram take unanswered=true too (they accepted and ignored it)", async () => {
    const token = await signToken(TEST_SECRET, {
      userId: fx.users.u1,
      companyId: fx.companyId,
      role: 'executive',
      teamId: null,
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/timelines',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        timeline_name: 'Inbound',
        timeline_type: 'company',
        default_filters: { direction: ['inbound'] },
        date_range_default: {},
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const onTimeline = await titles(`/api/v1/timelines/${id}/events?unanswered=true&${period}&limit=200`);
    expect(onTimeline).toEqual(
      await titles(`/api/v1/events?unanswered=true&direction=inbound&${period}&limit=200`),
    );
    expect(onTimeline.length).toBeGreaterThan(0);
    const all = await titles(`/api/v1/timelines/${id}/events?${period}&limit=200`);
    expect(all.length).toBeGreaterThan(onTimeline.length);
    const hist = await getAs(t.app, fx, `/api/v1/timelines/${id}/histogram?unanswered=true&${period}&tz=UTC`);
    expect(hist.statusCode, hist.body).toBe(200);
    expect(hist.json().total).toBe(onTimeline.length);
  });

  it('a saved timeline that stores unanswered: true (default_filters or a saved filter) keeps to the queue; a bad value is a 400 naming it', async () => {
    const token = await signToken(TEST_SECRET, {
      userId: fx.users.u1,
      companyId: fx.companyId,
      role: 'executive',
      teamId: null,
    });
    const post = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/timelines',
        headers: { authorization: `Bearer ${token}` },
        payload: { timeline_type: 'company', date_range_default: {}, ...payload },
      });
    const queue = await titles(`/api/v1/events?unanswered=true&${period}&limit=200`);
    expect(queue.length).toBeGreaterThan(0);

    const stored = await post({ timeline_name: 'Queue', default_filters: { unanswered: true } });
    expect(stored.statusCode, stored.body).toBe(201);
    expect(stored.json().default_filters).toEqual({ unanswered: true });
    const id = stored.json().id;
    expect(await titles(`/api/v1/timelines/${id}/events?${period}&limit=200`)).toEqual(queue);
    const hist = await getAs(t.app, fx, `/api/v1/timelines/${id}/histogram?${period}&tz=UTC`);
    expect(hist.json().total).toBe(queue.length);
    const csv = await getAs(t.app, fx, `/api/v1/events/export?timeline=${id}&${period}&format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(parseCsv(csv.rawPayload).length - 1).toBe(queue.length);

    // As a saved filter: only when it is applied.
    const named = await post({
      timeline_name: 'All, with a queue filter',
      saved_filters: [{ name: 'Queue', filters: { unanswered: true } }],
    });
    expect(named.statusCode, named.body).toBe(201);
    const { id: namedId, saved_filters } = named.json();
    const all = await titles(`/api/v1/timelines/${namedId}/events?${period}&limit=200`);
    expect(all.length).toBeGreaterThan(queue.length);
    expect(
      await titles(
        `/api/v1/timelines/${namedId}/events?saved_filter=${saved_filters[0].id}&${period}&limit=200`,
      ),
    ).toEqual(queue);

    const bad = await post({ timeline_name: 'Bad', default_filters: { unanswered: 'yes' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('"path":"body.default_filters.unanswered"');
  });
});
