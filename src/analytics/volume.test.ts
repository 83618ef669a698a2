import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { P, type Seeded, seedFixture, TZ } from './test-support/fixture.js';
import { live, localParts, volumeByDay } from './test-support/oracle.js';

describeApp('analytics volume', (t) => {
  let fx: Seeded;
  let other: Seeded;
  const get = async (fxc: Seeded, query: string, role = 'executive' as const, userId?: string) => {
    const co = { ...newCompany(), id: fxc.companyId };
    const { signToken } = await import('../auth/tokens.js');
    const { TEST_SECRET } = await import('../test/app.js');
    const token = await signToken(TEST_SECRET, {
      userId: userId ?? fxc.users.u1,
      companyId: co.id,
      role,
      teamId: null,
    });
    return t.app.inject({
      url: `/api/v1/analytics/volume?${query}`,
      headers: { authorization: `Bearer ${token}` },
    });
  };

  it('seeds two tenants', async () => {
    fx = await seedFixture(t.db);
    other = await seedFixture(t.db);
    expect(fx.companyId).not.toBe(other.companyId);
  });

  it('counts per local day × type, DST day included, edges exact, deleted never, other tenant never', async () => {
    const res = await get(fx, `from=${P.from}&to=${P.to}&bucket=day&dimension=type`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // By hand: Sat 25: A2 A3 A4 A5 A6; Sun 26 (25 h): A7 A8 A9 A10 A11; Mon 27: A12 A13 A16 A17 A18; Tue 28: A19 A20.
    expect(body.buckets.map((b: { start: string; total: number }) => [b.start, b.total])).toEqual([
      ['2025-10-24T22:00:00.000Z', 5],
      ['2025-10-25T22:00:00.000Z', 5],
      ['2025-10-26T23:00:00.000Z', 5],
      ['2025-10-27T23:00:00.000Z', 2],
    ]);
    expect(body.total).toBe(17);
    expect(Object.fromEntries(body.by.map((r: { key: string; value: number }) => [r.key, r.value]))).toEqual({
      email: 7,
      call: 3,
      note: 2,
      meeting: 1,
      sms: 1,
      task: 1,
      chat: 1,
      web_visit: 1,
    });
    expect(body.answered_from).toBe('replica');
    expect(body.period).toMatchObject({ tz: TZ, bucket: 'day', from: P.from, to: P.to });
    expect(body.unit).toBe('events');
    // The oracle agrees bucket by bucket.
    const oracle = volumeByDay(live(fx.events, P.from, P.to), TZ, (e) => e.event_type);
    const api = Object.fromEntries(
      body.buckets.map((b: { start: string; by: Record<string, number> }) => [
        localParts(new Date(b.start), TZ).date,
        b.by,
      ]),
    );
    expect(api).toEqual(oracle);
  });

  it('partial edge days come from raw events and add up exactly', async () => {
    const from = '2025-10-25T21:05:00.000Z';
    const to = '2025-10-27T12:30:00.000Z';
    const body = (await get(fx, `from=${from}&to=${to}&bucket=day&dimension=direction&tz=${TZ}`)).json();
    // By hand: A5 A6 | A7 A8 A9 A10 A11 | A12 A13 A16.
    expect(body.buckets.map((b: { total: number }) => b.total)).toEqual([2, 5, 3]);
    expect(Object.fromEntries(body.by.map((r: { key: string; value: number }) => [r.key, r.value]))).toEqual({
      outbound: 5,
      inbound: 3,
      unknown: 2,
    });
    const oracle = volumeByDay(live(fx.events, from, to), TZ, (e) => e.direction ?? 'unknown');
    const api = Object.fromEntries(
      body.buckets.map((b: { start: string; by: Record<string, number> }) => [
        localParts(new Date(b.start), TZ).date,
        b.by,
      ]),
    );
    expect(api).toEqual(oracle);
  });

  it('hour buckets in UTC, segment and team dimensions, (replica)', async () => {
    const seg = (await get(fx, `from=${P.from}&to=${P.to}&bucket=week&dimension=segment`)).json();
    expect(seg.answered_from).toBe('replica');
    // enterprise = c1: A2 A4 A5 A6 A8 A9 A16 A17; smb = c2: A7 A10 A11 A18 A19; unknown = c3 (A12 A13 A20) + c4 (A3).
    expect(Object.fromEntries(seg.by.map((r: { key: string; value: number }) => [r.key, r.value]))).toEqual({
      enterprise: 8,
      smb: 5,
      unknown: 4,
    });
    // Week buckets start on Monday: Sat 25 and Sun 26 in the week of Mon 20, Mon 27 and Tue 28 in the next.
    expect(seg.buckets.map((b: { start: string; total: number }) => [b.start, b.total])).toEqual([
      ['2025-10-19T22:00:00.000Z', 10],
      ['2025-10-26T23:00:00.000Z', 7],
    ]);
    const team = (await get(fx, `from=${P.from}&to=${P.to}&bucket=day&dimension=team`)).json();
    expect(team.answered_from).toBe('replica');
    expect(Object.fromEntries(team.by.map((r: { key: string; value: number }) => [r.key, r.value]))).toEqual({
      [fx.teams.T1]: 12,
      [fx.teams.T2]: 5,
    });
    const utc = (
      await get(fx, 'from=2025-10-26T00:00:00Z&to=2025-10-26T03:00:00Z&bucket=hour&tz=UTC&dimension=none')
    ).json();
    expect(utc.answered_from).toBe('replica');
    expect(utc.buckets.map((b: { total: number }) => b.total)).toEqual([1, 1, 0]);
  });

  it('weekday and hour filters are read in the request zone (raw events), like the buckets', async () => {
    const totals: number[] = [];
    for (const tz of [TZ, 'America/New_York']) {
      const res = await get(fx, `from=${P.from}&to=${P.to}&bucket=day&hour=9,10,11&weekday=6,7&tz=${tz}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.answered_from).toBe('replica');
      // Independently: Saturday/Sunday (ISO 6, 7) between 09:00 and 11:59 local time in `tz`.
      const expected = live(fx.events, P.from, P.to).filter((e) => {
        const l = localParts(e.event_timestamp, tz);
        return (l.dow === 0 || l.dow === 6) && l.hour >= 9 && l.hour <= 11;
      }).length;
      expect(body.total).toBe(expected);
      totals.push(expected);
    }
    // The fixture has such events, and which ones depends on the zone.
    expect(totals[0]).toBeGreaterThan(0);
    expect(totals[0]).not.toBe(totals[1]);
  });

  it('compare=previous gives the previous period of equal length and the change', async () => {
    const body = (
      await get(fx, `from=${P.from}&to=${P.to}&bucket=day&dimension=type&compare=previous`)
    ).json();
    // Previous = [P.from − 97 h, P.from): only A1 (a call).
    expect(body.period.previous).toEqual({ from: '2025-10-20T21:00:00.000Z', to: P.from });
    expect(body.previous.total).toBe(1);
    expect(body.total_change).toEqual({ previous: 1, absolute: 16, relative: 16 });
    const call = body.by.find((r: { key: string }) => r.key === 'call');
    expect(call.change).toEqual({ previous: 1, absolute: 2, relative: 2 });
  });

  it('visibility: a rep sees own user row and company totals; others → 403; integration → 403', async () => {
    const rep = (
      await get(fx, `from=${P.from}&to=${P.to}&dimension=user`, 'rep' as never, fx.users.u2)
    ).json();
    expect(rep.total).toBe(17);
    expect(rep.by.map((r: { key: string }) => r.key)).toEqual([fx.users.u2]);
    expect(rep.restricted).toBe(true);
    const denied = await get(
      fx,
      `from=${P.from}&to=${P.to}&user_id=${fx.users.u1}`,
      'rep' as never,
      fx.users.u2,
    );
    expect(denied.statusCode).toBe(403);
    expect(denied.json().errors[0].path).toBe('query.user_id');
    const lead = (
      await get(fx, `from=${P.from}&to=${P.to}&dimension=user`, 'team_lead' as never, fx.users.u1)
    ).json();
    expect(lead.by.map((r: { key: string }) => r.key).sort()).toEqual([fx.users.u1, fx.users.u2].sort());
    const leadOther = await get(fx, `team_id=${fx.teams.T2}`, 'team_lead' as never, fx.users.u1);
    expect(leadOther.statusCode).toBe(403);
    expect((await get(fx, '', 'integration' as never)).statusCode).toBe(403);
  });

  it('bad input → 400 problem+json naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['dimension=colour', 'query.dimension'],
      ['metric=revenue', 'query.metric'],
      ['tz=Mars/Olympus', 'query.tz'],
      [`from=${P.to}&to=${P.from}`, 'query.from'],
      ['from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&bucket=hour', 'query.bucket'],
    ];
    for (const [q, path] of cases) {
      const res = await get(fx, q);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      // Schema errors say querystring.x, the service's own checks query.x: both name the field.
      const fields = res
        .json()
        .errors.map((e: { path: string }) => e.path.replace(/^querystring\./, 'query.'));
      expect(fields).toContain(path);
    }
    expect(other.companyId).toBeTruthy();
  });
});
