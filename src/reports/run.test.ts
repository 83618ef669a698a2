/**
 * Every metric × a representative set of dimensions against a plain-TypeScript oracle over the
 * analytics fixture (Europe/Paris, across the October 2025 fall-back), tenant isolation included.
 */
import { expect, it } from 'vitest';
import { P, type Seeded, seedFixture, TZ } from '../analytics/test-support/fixture.js';
import { live } from '../analytics/test-support/oracle.js';
import { type LabelledField, valueLabel } from '../events/value-labels.js';
import { describeApp } from '../test/app.js';
import { isDimension, METRICS, metricDef } from './catalogue.js';
import { apiKey, eventKey, eventMetrics, pairKey, pairsOf, responseMetrics } from './testing/oracle.js';
import { authAs, preview } from './testing/request.js';

const DIMS: string[][] = [
  [],
  ['type'],
  ['source'],
  ['direction'],
  ['outcome'],
  ['status'],
  ['priority'],
  ['user'],
  ['team'],
  ['segment'],
  ['day'],
  ['day', 'type'],
  ['segment', 'direction'],
];
const RESPONSE_DIMS = new Set(['type', 'source', 'user', 'team', 'day']);
const eventIds = Object.keys(METRICS).filter((m) => metricDef(m as never).source === 'events');
const responseIds = Object.keys(METRICS).filter((m) => metricDef(m as never).source === 'responses');

type Row = Record<string, number | null>;
const close = (api: number | null | undefined, oracle: number | null, what: string) => {
  if (oracle === null) expect(api ?? null, what).toBeNull();
  else expect(api, what).toBeCloseTo(oracle, 3);
};

describeApp('report runs against an independent computation', (t) => {
  let fx: Seeded;
  let headers: Record<string, string>;
  const run = { from: P.from, to: P.to, tz: TZ };

  it('seeds two tenants with the same events', async () => {
    fx = await seedFixture(t.db);
    await seedFixture(t.db);
    headers = await authAs(fx.companyId, 'executive', fx.users.u1);
  });

  for (const dims of DIMS) {
    it(`events metrics by [${dims.join(', ')}]`, async () => {
      const res = await preview(t.app, headers, { metrics: eventIds, dimensions: dims }, run);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const events = live(fx.events, P.from, P.to);
      const keyOf = (e: (typeof events)[number]) => dims.map((d) => eventKey(fx, d, e, TZ)).join('|');
      const seen = new Set<string>();
      res.body.rows.forEach((row: Row, i: number) => {
        const key = dims.map((d) => apiKey(d, res.body.keys[i][d], TZ)).join('|');
        seen.add(key);
        const expected = eventMetrics(events.filter((e) => keyOf(e) === key));
        for (const m of eventIds) close(row[m], expected[m] ?? null, `${key} ${m}`);
      });
      // Every slice with events is a row (gap-filled buckets add empty ones).
      for (const e of events) expect(seen.has(keyOf(e)), keyOf(e)).toBe(true);
      const total = eventMetrics(events);
      for (const m of eventIds) close(res.body.totals[m], total[m] ?? null, `total ${m}`);
      expect(res.body.period).toEqual({
        from: P.from,
        to: P.to,
        tz: TZ,
        bucket: dims.includes('day') ? 'day' : null,
      });
      for (const c of res.body.columns.filter((x: { role: string }) => x.role === 'metric'))
        expect(c.unit).toBe(metricDef(c.key).unit);
    });
  }

  for (const dims of DIMS.filter((d) => d.every((x) => RESPONSE_DIMS.has(x)))) {
    it(`first-response metrics by [${dims.join(', ')}]`, async () => {
      const res = await preview(t.app, headers, { metrics: responseIds, dimensions: dims }, run);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const pairs = pairsOf(fx, P.from, P.to);
      const keyOf = (p: (typeof pairs)[number]) => dims.map((d) => pairKey(fx, d, p, TZ)).join('|');
      res.body.rows.forEach((row: Row, i: number) => {
        const key = dims.map((d) => apiKey(d, res.body.keys[i][d], TZ)).join('|');
        const expected = responseMetrics(pairs.filter((p) => keyOf(p) === key));
        for (const m of responseIds) close(row[m], expected[m] ?? null, `${key} ${m}`);
      });
      const total = responseMetrics(pairs);
      for (const m of responseIds) close(res.body.totals[m], total[m] ?? null, `total ${m}`);
      expect(total.first_response_median).not.toBeNull();
    });
  }

  it('mixes both sources in one table, merged by row', async () => {
    const res = await preview(
      t.app,
      headers,
      { metrics: ['activities', 'first_response_median'], dimensions: ['user'] },
      run,
    );
    expect(res.status).toBe(200);
    const events = live(fx.events, P.from, P.to);
    const pairs = pairsOf(fx, P.from, P.to);
    res.body.keys.forEach((k: { user: string }, i: number) => {
      expect(res.body.rows[i].activities).toBe(events.filter((e) => e.user_id === k.user).length);
      close(
        res.body.rows[i].first_response_median,
        responseMetrics(pairs.filter((p) => p.reply?.user_id === k.user)).first_response_median ?? null,
        k.user,
      );
    });
    expect(res.body.rows.map((r: { user: string }) => r.user).sort()).toEqual(['U1', 'U2', 'U3']);
  });

  it('day buckets follow the local calendar across the DST change, every bucket present', async () => {
    const res = await preview(
      t.app,
      headers,
      { metrics: ['activities'], dimensions: ['day'], visualization: 'line' },
      run,
    );
    // By hand (the analytics fixture): Sat 25 A2–A6, Sun 26 (25 h) A7–A11, Mon 27 A12 A13 A16 A17 A18, Tue 28 A19 A20.
    expect(res.body.keys.map((k: { day: string }) => k.day)).toEqual([
      '2025-10-24T22:00:00.000Z',
      '2025-10-25T22:00:00.000Z',
      '2025-10-26T23:00:00.000Z',
      '2025-10-27T23:00:00.000Z',
    ]);
    expect(res.body.rows.map((r: Row) => r.activities)).toEqual([5, 5, 5, 2]);
    expect(res.body.drill[2]).toEqual({
      from: '2025-10-26T23:00:00.000Z',
      to: '2025-10-27T23:00:00.000Z',
      filters: {},
    });
  });

  it('hour buckets: 97 of them, the repeated 02:00 hour twice, each holding its own note', async () => {
    const res = await preview(
      t.app,
      headers,
      { metrics: ['activities'], dimensions: ['hour'], filters: { type: ['note'] } },
      run,
    );
    expect(res.body.rows).toHaveLength(97);
    const nonZero = res.body.keys.filter((_: unknown, i: number) => res.body.rows[i].activities > 0);
    expect(nonZero.map((k: { hour: string }) => k.hour)).toEqual([
      '2025-10-26T00:00:00.000Z',
      '2025-10-26T01:00:00.000Z',
    ]);
  });

  it('sorts, limits and says so', async () => {
    const def = {
      metrics: ['activities'],
      dimensions: ['type'],
      sort: { by: 'activities', order: 'desc' },
      limit: 2,
    };
    const res = await preview(t.app, headers, def, run);
    // Cells hold the catalogue's labels; keys and drill-downs keep the raw values.
    expect(res.body.rows.map((r: { type: string }) => r.type)).toEqual(['Email', 'Call']);
    expect(res.body.keys).toEqual([{ type: 'email' }, { type: 'call' }]);
    expect(res.body.truncated).toBe(true);
    expect(res.body.drill[0]).toEqual({ from: P.from, to: P.to, filters: { type: ['email'] } });
  });

  it('names catalogue values by their labels, the "none" bucket included', async () => {
    for (const dim of ['source', 'outcome', 'direction', 'status']) {
      const res = await preview(t.app, headers, { metrics: ['activities'], dimensions: [dim] }, run);
      expect(res.status).toBe(200);
      res.body.rows.forEach((row: Record<string, string>, i: number) => {
        expect(row[dim]).toBe(valueLabel(dim as LabelledField, res.body.keys[i][dim]));
        expect(row[dim], dim).toMatch(/^[A-Z][^_]*$/);
      });
    }
    const outcomes = await preview(t.app, headers, { metrics: ['activities'], dimensions: ['outcome'] }, run);
    expect(outcomes.body.rows.map((r: { outcome: string }) => r.outcome)).toContain('No outcome');
  });

  it('says its period in words: the dates asked for, the relative period stored, or the default', async () => {
    const asked = await preview(t.app, headers, { metrics: ['activities'], dimensions: [] }, run);
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    // Sat 25 Oct 00:00 CEST → Wed 29 Oct 00:00 CET: four whole local days.
    expect(asked.body.subtitle).toBe('Oct 25 – Oct 28, 2025 (Europe/Paris)');
    const relative = await preview(t.app, headers, {
      metrics: ['activities'],
      dimensions: [],
      period: { relative: 'last_week' },
      tz: TZ,
    });
    expect(relative.body.subtitle).toMatch(
      /^Last week: [A-Z][a-z]{2} \d+ – [A-Z][a-z]{2} \d+, \d{4} \(Europe\/Paris\)$/,
    );
    const byDefault = await preview(t.app, headers, { metrics: ['activities'], dimensions: [], tz: TZ });
    expect(byDefault.body.subtitle).toMatch(/^Last 30 days: .* \(Europe\/Paris\)$/);
    expect(byDefault.body.subtitle).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it('every catalogue dimension tested here is real', () => {
    for (const d of DIMS.flat()) expect(isDimension(d)).toBe(true);
  });
});
