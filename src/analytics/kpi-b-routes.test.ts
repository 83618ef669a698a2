/** KPIs 5–7 over HTTP: the API equals the tested query functions and the hand counts; visibility; bad input. */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { scopeFor } from '../db/scope.js';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { getOutcomeRates } from './queries/get-effectiveness.js';
import { getJourneySequences } from './queries/get-journey-paths.js';
import { C, FIXTURE, fixtureParams, loadFixture, PERIOD, T, U } from './queries/kpi-fixture.js';

const range = `from=${PERIOD.from.toISOString()}&to=${PERIOD.to.toISOString()}&tz=UTC`;

describeApp('KPIs 5-7 routes', (t) => {
  let co: TestCompany;
  beforeAll(async () => {
    co = newCompany();
    await loadFixture(co.scope(t.db), scopeFor(t.db, randomUUID()));
  });
  const get = async (url: string, role = 'executive' as const, opts = {}) =>
    t.app.inject({ url: `/api/v1/analytics/${url}`, headers: await co.auth(role, opts) });

  it('productivity: changes against a previous period that holds events (rollup days + raw edges)', async () => {
    // Current [4 Mar 12:00, 8 Mar 00:00), previous [1 Mar 00:00, 4 Mar 12:00): half days at the edges.
    const split = new Date(Date.UTC(2025, 2, 4, 12));
    const res = await get(
      `productivity?from=${split.toISOString()}&to=${PERIOD.to.toISOString()}&tz=UTC&compare=previous`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const live = FIXTURE.filter((e) => !e.deleted);
    const count = (from: Date, to: Date, match: (e: (typeof FIXTURE)[number]) => boolean) =>
      live.filter((e) => new Date(e.at) >= from && new Date(e.at) < to && match(e)).length;
    const before = (m: (e: (typeof FIXTURE)[number]) => boolean) => count(PERIOD.from, split, m);
    expect(body.totals.activities_change.previous).toBe(before(() => true));
    // By hand: before 4 Mar 12:00: events 1–8, 11, 12, 14 and 15 (13 is deleted); u2 had 4.
    expect(before(() => true)).toBe(12);
    const teamOf: Record<string, string> = { [U.u1]: T.t1, [U.u2]: T.t1, [U.u3]: T.t2 };
    for (const u of body.users as Array<{
      user_id: string;
      activities: number;
      activities_change: { previous: number; absolute: number };
    }>) {
      const prev = before((e) => e.user === u.user_id);
      expect(u.activities_change).toMatchObject({ previous: prev, absolute: u.activities - prev });
    }
    expect(body.users.find((u: { user_id: string }) => u.user_id === U.u2).activities_change.previous).toBe(
      4,
    );
    for (const team of body.teams as Array<{ team_id: string; activities_change: { previous: number } }>) {
      const prev = before((e) => (teamOf[e.user] ?? 'unknown') === team.team_id);
      expect(team.activities_change.previous).toBe(prev);
    }
  });

  it('productivity: figures, median response time (u1 answered c1 after 23 h), previous period', async () => {
    const res = await get(`productivity?${range}&compare=previous`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toMatchObject({ from: PERIOD.from.toISOString(), tz: 'UTC' });
    expect(body.totals).toMatchObject({ activities: 15, median_response_minutes: 1380 });
    expect(body.totals.activities_change).toEqual({ previous: 0, absolute: 15, relative: null });
    const ann = body.users.find((u: { user_id: string }) => u.user_id === U.u1);
    expect(ann).toMatchObject({
      activities: 4,
      median_response_minutes: 1380,
      team_id: T.t1,
      outcome_rate: 1,
    });
    expect(
      body.users.find((u: { user_id: string }) => u.user_id === U.u3).median_response_minutes,
    ).toBeNull();
    expect(body.teams.map((x: { team_id: string; gini: number }) => [x.team_id, x.gini])).toEqual([
      [T.t1, 0.4],
      [T.t2, 0],
      ['unknown', 0],
    ]);
    expect(body.teams[0].median_response_minutes).toBe(1380);
    // The same figure as KPI 2's rows by responding user and team.
    const rt = (await get(`response-times?${range}`)).json();
    for (const r of rt.by_user)
      expect(body.users.find((u: { user_id: string }) => u.user_id === r.key)?.median_response_minutes).toBe(
        r.median_minutes,
      );
    for (const r of rt.by_team)
      expect(body.teams.find((x: { team_id: string }) => x.team_id === r.key)?.median_response_minutes).toBe(
        r.median_minutes,
      );
    expect(rt.by_user.length).toBeGreaterThan(0);
    expect(body.restricted).toBe(false);
  });

  it('productivity visibility: a rep sees only their row and totals; a lead their team; others → 403', async () => {
    const rep = (await get(`productivity?${range}`, 'rep' as never, { userId: U.u2, teamId: T.t1 })).json();
    expect(rep.users.map((u: { user_id: string }) => u.user_id)).toEqual([U.u2]);
    expect(rep.teams).toEqual([]);
    expect(rep.totals.activities).toBe(15);
    expect(rep.restricted).toBe(true);
    const lead = (
      await get(`productivity?${range}`, 'team_lead' as never, { userId: U.u3, teamId: T.t2 })
    ).json();
    expect(lead.teams.map((x: { team_id: string }) => x.team_id)).toEqual([T.t2]);
    expect(lead.users.map((u: { user_id: string }) => u.user_id)).toEqual([U.u3]);
    const denied = await get(`productivity?${range}&user_id=${U.u1}`, 'rep' as never, { userId: U.u2 });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().errors[0].path).toBe('query.user_id');
    const team = await get(`productivity?${range}&team_id=${T.t1}`, 'team_lead' as never, {
      userId: U.u3,
      teamId: T.t2,
    });
    expect(team.statusCode).toBe(403);
  });

  it('effectiveness equals the query functions; conversion as counted by hand', async () => {
    const body = (await get(`effectiveness?${range}&within_days=3`)).json();
    const direct = await getOutcomeRates(co.scope(t.db), fixtureParams());
    expect(body.by_type.map(({ success_rate_change, ...g }: { success_rate_change: unknown }) => g)).toEqual(
      direct.by_type,
    );
    expect(body.by_user).toHaveLength(4);
    expect(body.conversion).toMatchObject({ outcome: 'deal_won', within_days: 3 });
    expect(body.conversion.by_type.find((r: { type: string }) => r.type === 'task')).toMatchObject({
      customers: 2,
      converted: 1,
      rate: 0.5,
    });
    const rep = (await get(`effectiveness?${range}`, 'rep' as never, { userId: U.u5 })).json();
    expect(rep.by_user.map((g: { key: string }) => g.key)).toEqual([U.u5]);
    expect(rep.by_type).toEqual(body.by_type); // company totals stay whole
  });

  it('journey: paths, transitions, attribution; one customer with gaps', async () => {
    const body = (await get(`journey?${range}&limit=100`)).json();
    expect(body.paths.map(({ occurrences_change, ...r }: { occurrences_change: unknown }) => r)).toEqual(
      (await getJourneySequences(co.scope(t.db), fixtureParams(), { limit: 100 })).paths,
    );
    expect(body.transitions.map(({ count_change, ...r }: { count_change: unknown }) => r)).toEqual(
      (await getJourneySequences(co.scope(t.db), fixtureParams())).transitions,
    );
    expect(body.attribution).toMatchObject({ outcome: 'deal_won', conversions: 3 });
    const one = (await get(`journey/customers/${C.c1}?${range}`, 'rep' as never)).json();
    expect(one.touchpoints.map((p: { gap_minutes: number | null }) => p.gap_minutes)).toEqual([
      null,
      60,
      1380,
      1440,
      1440,
    ]);
    const other = (await get(`journey/customers/${randomUUID()}?${range}`)).json();
    expect(other).toMatchObject({ total: 0, touchpoints: [] });
  });

  it('journey compared with the previous period: changes against that period’s own figures', async () => {
    // Current [4 Mar 12:00, 8 Mar), previous [1 Mar, 4 Mar 12:00).
    const split = new Date(Date.UTC(2025, 2, 4, 12));
    const body = (
      await get(`journey?from=${split.toISOString()}&to=${PERIOD.to.toISOString()}&tz=UTC&compare=previous`)
    ).json();
    const before = await getJourneySequences(co.scope(t.db), {
      ...fixtureParams(),
      period: { from: PERIOD.from, to: split },
    });
    // By hand: before the split c1 and c3 won (c2's and c4's wins come later).
    expect(before.attribution.conversions).toBe(2);
    expect(body.attribution.conversions_change).toEqual({
      previous: 2,
      absolute: body.attribution.conversions - 2,
      relative: (body.attribution.conversions - 2) / 2,
    });
    const prevCount = new Map(before.transitions.map((r) => [`${r.from}>${r.to}`, r.count]));
    for (const r of body.transitions as Array<{
      from: string;
      to: string;
      count_change: { previous: number };
    }>)
      expect(r.count_change.previous).toBe(prevCount.get(`${r.from}>${r.to}`) ?? 0);
    const prevPaths = new Map(before.paths.map((r) => [r.path.join('>'), r.occurrences]));
    for (const r of body.paths as Array<{ path: string[]; occurrences_change: { previous: number } | null }>)
      expect(r.occurrences_change?.previous ?? null).toBe(prevPaths.get(r.path.join('>')) ?? null);
    expect(body.paths.length).toBeGreaterThan(0);
  });

  it('OpenAPI documents each route with its definition and a 200 schema', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    for (const path of [
      '/api/v1/analytics/productivity',
      '/api/v1/analytics/effectiveness',
      '/api/v1/analytics/journey',
      '/api/v1/analytics/journey/customers/{customerId}',
      '/api/v1/dashboards/executive',
      '/api/v1/dashboards/team/{teamId}',
      '/api/v1/dashboards/me',
    ]) {
      const op = doc.paths[path]?.get;
      expect(op?.description?.length, path).toBeGreaterThan(100);
      expect(op?.responses?.['200'], path).toBeDefined();
      expect(op?.responses?.['400'], path).toBeDefined();
    }
  });

  it('bad input answers 400 problem+json naming the field', async () => {
    const cases: Array<[string, string]> = [
      [`journey?${range}&min_length=4&max_length=3`, 'query.min_length'],
      [`journey?${range}&max_length=6`, 'query.max_length'],
      [`effectiveness?${range}&within_days=0`, 'query.within_days'],
      [`effectiveness?${range}&outcome=won`, 'query.outcome'],
      [`productivity?${range}&success=great`, 'query.success.0'],
      ['productivity?tz=Mars/Base', 'query.tz'],
      [`productivity?from=${PERIOD.to.toISOString()}&to=${PERIOD.from.toISOString()}`, 'query.from'],
      [`journey/customers/not-a-uuid?${range}`, 'params.customerId'],
      [`productivity?${range}&dimension=type`, 'query.dimension'],
    ];
    for (const [url, path] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      // Schema errors say "querystring.x" (Fastify's context name), handler checks "query.x".
      const paths = res
        .json()
        .errors.map((e: { path: string }) => e.path.replace(/^querystring\./, 'query.'));
      expect(paths, url).toContain(path);
    }
  });
});
