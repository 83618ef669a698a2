import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { scopeFor } from '../../db/scope.js';
import { describeEngines } from '../../test/engines.js';
import { getTeamProductivity } from './get-team-productivity.js';
import { type FixtureEvent, fixtureParams, liveInPeriod, loadFixture, T, U } from './kpi-fixture.js';
import { SUCCESS_OUTCOMES } from './period-events.js';
import { gini, rankDescending } from './workload.js';

const TEAM_OF: Record<string, string | null> = {
  [U.u1]: T.t1,
  [U.u2]: T.t1,
  [U.u4]: T.t1,
  [U.u3]: T.t2,
  [U.u5]: null,
};

/** Reference: per-user figures from the fixture rows. */
function referenceUser(events: FixtureEvent[], user: string) {
  const mine = events.filter((e) => e.user === user);
  const by_type: Record<string, number> = {};
  for (const e of mine) by_type[e.type] = (by_type[e.type] ?? 0) + 1;
  const withOutcome = mine.filter((e) => e.outcome);
  const successes = withOutcome.filter((e) => SUCCESS_OUTCOMES.includes(e.outcome as string)).length;
  return {
    activities: mine.length,
    by_type,
    duration_minutes: mine.reduce((s, e) => s + (e.duration ?? 0), 0),
    customers_touched: new Set(mine.map((e) => e.customer)).size,
    tasks_completed: mine.filter((e) => e.type === 'task' && e.status === 'completed').length,
    with_outcome: withOutcome.length,
    successes,
    outcome_rate: withOutcome.length ? successes / withOutcome.length : null,
  };
}

describeEngines('KPI 5 team productivity', (t) => {
  const a = randomUUID();
  beforeAll(async () => {
    await loadFixture(scopeFor(t.db, a), scopeFor(t.db, randomUUID()));
  });

  it('per user: equals the reference for every user, including one without events', async () => {
    const r = await getTeamProductivity(scopeFor(t.db, a), fixtureParams());
    const live = liveInPeriod();
    expect(r.users.map((u) => u.user_id)).toEqual([U.u2, U.u1, U.u3, U.u5, U.u4]);
    for (const u of r.users) {
      expect(u).toMatchObject({
        ...referenceUser(live, u.user_id),
        team_id: TEAM_OF[u.user_id] ?? 'unknown',
      });
    }
    // By hand: Bob (u2) has 6 events, 37 minutes (30 + 0 + 7), 2 customers, 1 completed task, 3 of 4 outcomes good.
    expect(r.users[0]).toMatchObject({
      name: 'Bob',
      activities: 6,
      duration_minutes: 37,
      customers_touched: 2,
      tasks_completed: 1,
      outcome_rate: 0.75,
      by_type: { email: 2, call: 2, meeting: 1, task: 1 },
    });
    expect(r.users.find((u) => u.user_id === U.u5)).toMatchObject({
      name: null,
      team_id: 'unknown',
      activities: 2,
    });
  });

  it('per team: aggregates, members ranked with deviation and share, Gini', async () => {
    const r = await getTeamProductivity(scopeFor(t.db, a), fixtureParams());
    const live = liveInPeriod();
    expect(r.teams.map((x) => [x.team_id, x.activities])).toEqual([
      [T.t1, 10],
      [T.t2, 3],
      ['unknown', 2],
    ]);
    const t1 = r.teams[0];
    if (!t1) throw new Error('no team');
    const ref = referenceUser(
      live.filter((e) => TEAM_OF[e.user] === T.t1),
      U.u1,
    );
    expect(t1.activities).toBe(live.filter((e) => TEAM_OF[e.user] === T.t1).length);
    expect(ref.activities).toBe(4);
    // By hand: members Bob 6, Ann 4, Dee 0 → mean 10/3; Gini = (|0−4|+|0−6|+|4−6|)·2 ÷ (2·9·10/3) = 0.4.
    expect(t1).toMatchObject({
      name: 'Team One',
      member_count: 3,
      duration_minutes: 52,
      customers_touched: 2,
      tasks_completed: 1,
      with_outcome: 6,
      successes: 5,
      by_type: { email: 4, call: 4, meeting: 1, task: 1 },
    });
    expect(t1.mean_activities).toBeCloseTo(10 / 3, 12);
    expect(t1.gini).toBeCloseTo(0.4, 12);
    expect(t1.gini).toBeCloseTo(gini([6, 4, 0]) as number, 12);
    expect(t1.members.map((m) => [m.user_id, m.rank, m.share])).toEqual([
      [U.u2, 1, 0.6],
      [U.u1, 2, 0.4],
      [U.u4, 3, 0],
    ]);
    expect(t1.members.map((m) => m.deviation)).toEqual([6 - 10 / 3, 4 - 10 / 3, -10 / 3]);
    expect(r.teams[1]).toMatchObject({ name: 'Team Two', member_count: 1, gini: 0, mean_activities: 3 });
  });

  it('ties share a rank; a filter keeps zero-activity members in the balance', async () => {
    const r = await getTeamProductivity(scopeFor(t.db, a), fixtureParams({ type: ['email'] }));
    const t1 = r.teams.find((x) => x.team_id === T.t1);
    // Emails: Ann 2, Bob 2, Dee 0 → ranks 1, 1, 3; Gini (0·−2 + 2·0 + 2·2) ÷ (3·4) = 1/3.
    expect(t1?.members.map((m) => [m.name, m.activities, m.rank])).toEqual([
      ['Ann', 2, 1],
      ['Bob', 2, 1],
      ['Dee', 0, 3],
    ]);
    expect(t1?.gini).toBeCloseTo(1 / 3, 12);
  });

  it('a filtered team without matching events is still shown with its active members', async () => {
    // By hand: the only sms is u5's (no team), so team One has no sms: 3 idle members, nothing to share.
    const r = await getTeamProductivity(scopeFor(t.db, a), fixtureParams({ team_id: [T.t1], type: ['sms'] }));
    expect(r.totals).toMatchObject({ activities: 0, customers_touched: 0, outcome_rate: null });
    expect(r.teams).toHaveLength(1);
    expect(r.teams[0]).toMatchObject({
      team_id: T.t1,
      name: 'Team One',
      activities: 0,
      member_count: 3,
      mean_activities: 0,
      gini: null,
    });
    expect(r.teams[0]?.members.map((m) => [m.name, m.rank, m.deviation, m.share])).toEqual([
      ['Ann', 1, 0, null],
      ['Bob', 1, 0, null],
      ['Dee', 1, 0, null],
    ]);
  });

  it('a user filter shows only that user', async () => {
    const r = await getTeamProductivity(scopeFor(t.db, a), fixtureParams({ user_id: [U.u1] }));
    expect(r.users.map((u) => u.user_id)).toEqual([U.u1]);
    expect(r.teams.map((x) => [x.team_id, x.activities, x.member_count])).toEqual([[T.t1, 4, 1]]);
  });
});

it('gini and ranks by hand', () => {
  expect(gini([])).toBeNull();
  expect(gini([0, 0])).toBeNull();
  expect(gini([5])).toBe(0);
  expect(gini([1, 1, 1, 1])).toBe(0);
  expect(gini([0, 0, 0, 8])).toBe(0.75); // (n−1)/n
  expect(rankDescending([5, 9, 5, 1])).toEqual([2, 1, 2, 4]);
});
