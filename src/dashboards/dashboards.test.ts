/** Dashboard bundles: each section equals its KPI endpoint; top movers by hand; who may see what. */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { C, loadFixture, PERIOD, T, U } from '../analytics/queries/kpi-fixture.js';
import type { Role } from '../auth/roles.js';
import { scopeFor } from '../db/scope.js';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { topMovers } from './top-movers.js';

const range = `from=${PERIOD.from.toISOString()}&to=${PERIOD.to.toISOString()}&tz=UTC`;

describeApp('dashboards', (t) => {
  let co: TestCompany;
  beforeAll(async () => {
    co = newCompany();
    await loadFixture(co.scope(t.db), scopeFor(t.db, randomUUID()));
  });
  const get = async (
    url: string,
    role: Role = 'executive',
    opts: { userId?: string; teamId?: string } = {},
  ) => t.app.inject({ url: `/api/v1/${url}`, headers: await co.auth(role, opts) });

  it('executive: each section equals its KPI endpoint; top movers by hand; alerts placeholder', async () => {
    const res = await get(`dashboards/executive?${range}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Freshness is said once, at the bundle's top level; each section equals its endpoint's figures.
    expect(body.freshness).toEqual({ as_of: expect.any(String), seq: expect.any(Number), lag: 0 });
    const kpi = async (path: string) => {
      const { freshness, ...figures } = (
        await get(`analytics/${path}${path.includes('?') ? '&' : '?'}${range}&compare=previous`)
      ).json();
      expect(freshness.seq).toBe(body.freshness.seq);
      return figures;
    };
    expect(body.volume).toEqual(await kpi('volume?dimension=type'));
    expect(body.channels).toEqual(await kpi('volume?dimension=source'));
    expect(body.response_times).toEqual(await kpi('response-times'));
    expect(body.productivity).toEqual(await kpi('productivity'));
    expect(body.effectiveness).toEqual(await kpi('effectiveness'));
    expect(body.engagement).toEqual(await kpi('engagement'));
    expect(body.period.previous).toEqual({ from: '2025-02-22T00:00:00.000Z', to: PERIOD.from.toISOString() });
    // By hand: nothing happened in the previous week, so the movers are the largest counts, all gains:
    // team One 10, source email 6 (type email has the same 6/0: listed once), phone_system 5 (type call
    // 5/0 likewise), team Two 3, task_manager 2 (type task 2/0 likewise).
    expect(
      body.top_movers.map((m: { dimension: string; key: string; absolute: number }) => [
        m.dimension,
        m.key,
        m.absolute,
      ]),
    ).toEqual([
      ['team', T.t1, 10],
      ['source', 'email', 6],
      ['source', 'phone_system', 5],
      ['team', T.t2, 3],
      ['source', 'task_manager', 2],
    ]);
    expect(body.alerts).toEqual([]);
    // Real-time is "as of now": the fixture lies in 2025, so nothing is recent; the scheduled-free fixture has no overdue.
    const live = (await get('analytics/realtime?tz=UTC&limit=10')).json();
    expect(body.realtime).toMatchObject({
      last_5_minutes: live.last_5_minutes,
      last_60_minutes: live.last_60_minutes,
    });
    expect(body.realtime.overdue).toEqual(live.overdue);
  });

  it('team: for its lead and everyone-roles; 403 for another lead or a member rep; 404 unknown', async () => {
    const lead = await get(`dashboards/team/${T.t1}?${range}`, 'team_lead', { userId: U.u1, teamId: T.t1 });
    expect(lead.statusCode).toBe(200);
    const body = lead.json();
    expect(body.team).toEqual({ id: T.t1, name: 'Team One', lead_user_id: U.u1 });
    expect(
      body.productivity.teams.map((x: { team_id: string; gini: number }) => [x.team_id, x.gini]),
    ).toEqual([[T.t1, 0.4]]);
    expect(body.volume.total).toBe(10);
    expect(body.volume.by.map((r: { key: string; value: number }) => [r.key, r.value])).toEqual([
      [U.u2, 6],
      [U.u1, 4],
    ]);
    expect(body.top_movers.map((m: { key: string }) => m.key)).toEqual([U.u2, U.u1]);
    expect((await get(`dashboards/team/${T.t1}?${range}`, 'admin')).statusCode).toBe(200);
    const other = await get(`dashboards/team/${T.t1}?${range}`, 'team_lead', { userId: U.u3, teamId: T.t2 });
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(
      (await get(`dashboards/team/${T.t1}?${range}`, 'rep', { userId: U.u2, teamId: T.t1 })).statusCode,
    ).toBe(403);
    expect((await get(`dashboards/team/${randomUUID()}?${range}`)).statusCode).toBe(404);
    expect((await get(`dashboards/team/nope?${range}`)).statusCode).toBe(400);
    expect((await get(`dashboards/team/${T.t1}?${range}`, 'integration')).statusCode).toBe(403);
  });

  it('me: own figures only, standing in the team', async () => {
    const res = await get(`dashboards/me?${range}`, 'rep', { userId: U.u2, teamId: T.t1 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user_id).toBe(U.u2);
    expect(body.volume.total).toBe(6);
    expect(body.productivity.users.map((u: { user_id: string }) => u.user_id)).toEqual([U.u2]);
    expect(body.productivity.teams).toEqual([]);
    expect(body.effectiveness.by_user.map((g: { key: string }) => g.key)).toEqual([U.u2]);
    // By hand: Bob 6 of Team One's 10 (Ann 4, Dee 0): rank 1, mean 10/3, share 0.6.
    expect(body.standing).toMatchObject({ team_id: T.t1, member_count: 3, rank: 1, share: 0.6 });
    expect(body.standing.deviation).toBeCloseTo(6 - 10 / 3, 12);
    const patterns = await get(
      `analytics/patterns?${range}&compare=previous&user_id=${U.u2}&limit=20`,
      'rep',
      { userId: U.u2 },
    );
    const { freshness, ...patternFigures } = patterns.json();
    expect(freshness.seq).toBe(body.freshness.seq);
    expect(body.patterns).toEqual(patternFigures);
    const stranger = (await get(`dashboards/me?${range}`, 'agent', { userId: randomUUID() })).json();
    expect(stranger).toMatchObject({ standing: null, volume: { total: 0 } });
    expect(C.c1).toBeTruthy();
  });

  it("me: each member's standing equals their member row of KPI 5 for the team", async () => {
    const kpi = (await get(`analytics/productivity?${range}&team_id=${T.t1}`, 'admin')).json();
    const team = kpi.teams.find((x: { team_id: string }) => x.team_id === T.t1);
    expect(team.members.length).toBe(3);
    for (const m of team.members) {
      const body = (await get(`dashboards/me?${range}`, 'rep', { userId: m.user_id, teamId: T.t1 })).json();
      expect(body.standing).toEqual({
        team_id: T.t1,
        member_count: team.member_count,
        rank: m.rank,
        deviation: m.deviation,
        deviation_relative: m.deviation_relative,
        share: m.share,
      });
    }
  });

  it('bad input: 400 problem+json naming the field', async () => {
    const res = await get('dashboards/executive?bucket=minute');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toMatch(/bucket/);
    const range2 = await get(
      `dashboards/me?from=${PERIOD.to.toISOString()}&to=${PERIOD.from.toISOString()}`,
      'rep',
    );
    expect(range2.statusCode).toBe(400);
    expect(range2.json().errors[0].path).toBe('query.from');
  });
});

it('top movers: ties by relative change then key; unchanged rows are not movers', () => {
  const c = (previous: number, absolute: number) => ({
    previous,
    absolute,
    relative: previous ? absolute / previous : null,
  });
  expect(
    topMovers([
      {
        dimension: 'type',
        rows: [
          ['a', 12, c(10, 2)],
          ['b', 4, c(2, 2)],
          ['c', 5, c(5, 0)],
          ['d', 1, c(4, -3)],
          ['e', 9, null],
        ],
      },
    ]).map((m) => m.key),
  ).toEqual(['b', 'a', 'd']);
});

it('top movers: gains then losses, each largest first; the same figures from another dimension are listed once', () => {
  const c = (previous: number, absolute: number) => ({
    previous,
    absolute,
    relative: previous ? absolute / previous : null,
  });
  const movers = topMovers(
    [
      {
        dimension: 'type',
        rows: [
          ['email', 30, c(10, 20)],
          ['call', 5, c(15, -10)],
          ['meeting', 12, c(10, 2)],
          ['sms', 1, c(2, -1)],
        ],
      },
      {
        dimension: 'source',
        rows: [
          ['email', 30, c(10, 20)], // the same figures as type email (a tie: source sorts first), listed once
          ['web', 40, c(10, 30)],
        ],
      },
    ],
    2,
  );
  expect(movers.map((m) => `${m.dimension}:${m.key}:${m.absolute}`)).toEqual([
    'source:web:30',
    'source:email:20',
    'type:call:-10',
    'type:sms:-1',
  ]);
});
