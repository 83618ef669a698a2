import { beforeAll, expect, it } from 'vitest';
import { describeApp } from '../test/app.js';
import { P, type Seeded, seedFixture, TZ } from './test-support/fixture.js';
import { businessMinutesByStepping, firstReply, live, percentile } from './test-support/oracle.js';
import { getAs } from './test-support/request.js';

const CAL = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const url = (q = '') => `/api/v1/analytics/response-times?from=${P.from}&to=${P.to}${q}`;

describeApp('analytics response times', (t) => {
  let fx: Seeded;
  beforeAll(async () => {
    fx = await seedFixture(t.db);
    await seedFixture(t.db); // a second tenant with the same events must not count
  });

  it('calendar minutes: answered, unanswered, mean, median, p90 worked out by hand', async () => {
    const res = await getAs(t.app, fx, url());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Inbound in P: A3 (reply after 8 days > 7: unanswered), A4→A6 30, A10→A11 120, A13 (reply deleted:
    // unanswered), A16→A17 45 (no thread: any outbound to c1), A18→A19 960, A20 (no reply: unanswered).
    expect(body.overall).toEqual({
      answered: 4,
      unanswered: 3,
      mean_minutes: 288.75, // (30 + 45 + 120 + 960) / 4
      median_minutes: 82.5, // (45 + 120) / 2
      p90_minutes: 708, // 120 + 0.7 × (960 − 120)
    });
    const email = body.by_type.find((g: { key: string }) => g.key === 'email');
    expect(email).toEqual({
      key: 'email',
      answered: 3,
      unanswered: 0,
      mean_minutes: 345,
      median_minutes: 45,
      p90_minutes: 777,
    });
    expect(body.by_type.find((g: { key: string }) => g.key === 'chat')).toMatchObject({
      answered: 0,
      unanswered: 1,
      median_minutes: null,
    });
    const byUser = Object.fromEntries(
      body.by_user.map((g: { key: string; answered: number }) => [g.key, g.answered]),
    );
    expect(byUser).toEqual({ [fx.users.u1]: 1, [fx.users.u2]: 2, [fx.users.u3]: 1 });
    const t1 = body.by_team.find((g: { key: string }) => g.key === fx.teams.T1);
    expect(t1).toMatchObject({ answered: 3, unanswered: null, median_minutes: 120 });
    expect(body.unit).toBe('minutes');
  });

  it('agrees with the plain-TypeScript oracle', async () => {
    const body = (await getAs(t.app, fx, url())).json();
    const inbound = live(fx.events, P.from, P.to).filter((e) => e.direction === 'inbound');
    const mins = inbound
      .map((i) => ({ i, r: firstReply(fx.events, i, 7 * 86_400_000) }))
      .filter((x) => x.r)
      .map((x) => ((x.r?.event_timestamp.getTime() ?? 0) - x.i.event_timestamp.getTime()) / 60_000)
      .sort((a, b) => a - b);
    expect(body.overall.answered).toBe(mins.length);
    expect(body.overall.unanswered).toBe(inbound.length - mins.length);
    expect(body.overall.median_minutes).toBeCloseTo(percentile(mins, 0.5) as number, 4);
    expect(body.overall.p90_minutes).toBeCloseTo(percentile(mins, 0.9) as number, 4);
  });

  it('window_days: a reply after 8 days 1 hour counts with a 9-day window', async () => {
    const body = (await getAs(t.app, fx, url('&window_days=9'))).json();
    expect(body.overall.answered).toBe(5);
    expect(body.overall.unanswered).toBe(2);
    expect(body.by_type.find((g: { key: string }) => g.key === 'call').median_minutes).toBe(11_580);
  });

  it('hours=business: only Mon–Fri 09:00–17:00 Paris minutes count', async () => {
    const body = (await getAs(t.app, fx, url('&hours=business'))).json();
    // A4 Sat 23:00→23:30: 0; A10 Sun 09:00→11:00: 0; A16 Mon 13:00→13:45: 45; A18 Mon 17:30→Tue 09:30: 30.
    expect(body.overall).toEqual({
      answered: 4,
      unanswered: 3,
      mean_minutes: 18.75,
      median_minutes: 15,
      p90_minutes: 40.5,
    });
    expect(body.working_calendar).toEqual({ tz: TZ, ...CAL });
    // The oracle steps minute by minute through the calendar.
    const inbound = live(fx.events, P.from, P.to).filter((e) => e.direction === 'inbound');
    const mins = inbound
      .flatMap((i) => {
        const r = firstReply(fx.events, i, 7 * 86_400_000);
        return r ? [businessMinutesByStepping(i.event_timestamp, r.event_timestamp, TZ, CAL)] : [];
      })
      .sort((a, b) => a - b);
    expect(mins).toEqual([0, 0, 30, 45]);
    expect(body.overall.p90_minutes).toBeCloseTo(percentile(mins, 0.9) as number, 4);
  });

  it('hours=business counts answered and unanswered per type and source as calendar time does', async () => {
    const counts = (rows: Array<{ key: string; answered: number; unanswered: number }>) =>
      rows.map(({ key, answered, unanswered }) => ({ key, answered, unanswered }));
    const business = (await getAs(t.app, fx, url('&hours=business'))).json();
    const calendar = (await getAs(t.app, fx, url())).json();
    expect(counts(business.by_type)).toEqual(counts(calendar.by_type));
    expect(counts(business.by_source)).toEqual(counts(calendar.by_source));
    expect(business.by_type.reduce((n: number, r: { unanswered: number }) => n + r.unanswered, 0)).toBe(3);
    expect(counts(business.by_user)).toEqual(counts(calendar.by_user));
  });

  it('a rep sees their own responding-user row only', async () => {
    const body = (await getAs(t.app, fx, url(), 'rep', fx.users.u2)).json();
    expect(body.by_user.map((g: { key: string }) => g.key)).toEqual([fx.users.u2]);
    expect(body.by_team).toEqual([]);
    expect(body.overall.answered).toBe(4);
    expect(body.restricted).toBe(true);
  });

  it('compare=previous and bad input', async () => {
    const body = (await getAs(t.app, fx, url('&compare=previous'))).json();
    expect(body.previous).toEqual({
      answered: 0,
      unanswered: 0,
      mean_minutes: null,
      median_minutes: null,
      p90_minutes: null,
    });
    expect(body.change.answered).toEqual({ previous: 0, absolute: 4, relative: null });
    expect(body.change.median_minutes).toBeNull();
    expect((await getAs(t.app, fx, url('&hours=night'))).statusCode).toBe(400);
    expect((await getAs(t.app, fx, url('&window_days=0'))).statusCode).toBe(400);
  });
});
