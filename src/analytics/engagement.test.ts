import { beforeAll, expect, it } from 'vitest';
import { describeApp } from '../test/app.js';
import { P, type Seeded, seedFixture } from './test-support/fixture.js';
import { type FxEvent, live } from './test-support/oracle.js';
import { getAs } from './test-support/request.js';

const url = (q = '') => `/api/v1/analytics/engagement?from=${P.from}&to=${P.to}${q}`;

/** The score, event by event, straight from the documented formula (no shared code with the service). */
function oracleScore(events: FxEvent[], end: Date, halfLife: number): number {
  const w = (e: FxEvent) => 0.5 ** ((end.getTime() - e.event_timestamp.getTime()) / 86_400_000 / halfLife);
  const sum = (xs: FxEvent[], f: (e: FxEvent) => number) => xs.reduce((s, e) => s + f(e), 0);
  const total = sum(events, w);
  const recency = Math.max(...events.map(w));
  const frequency = Math.min(1, total / 10);
  const inbound =
    sum(
      events.filter((e) => e.direction === 'inbound'),
      w,
    ) / total;
  const withSentiment = events.filter((e) => e.sentiment);
  const sv = (e: FxEvent) =>
    ({ positive: 1, neutral: 0.5, mixed: 0.5, negative: 0 })[e.sentiment as 'positive'];
  const sentiment = withSentiment.length
    ? sum(withSentiment, (e) => w(e) * sv(e)) / sum(withSentiment, w)
    : 0.5;
  const scored = events.filter((e) => e.engagement_score !== null);
  const parts = 0.25 * recency + 0.25 * frequency + 0.2 * inbound + 0.15 * sentiment;
  if (!scored.length) return Math.round(((100 * parts) / 0.85) * 100) / 100;
  const ev = sum(scored, (e) => w(e) * Number(e.engagement_score)) / sum(scored, w) / 100;
  return Math.round(100 * (parts + 0.15 * ev) * 100) / 100;
}

describeApp('analytics engagement', (t) => {
  let fx: Seeded;
  beforeAll(async () => {
    fx = await seedFixture(t.db);
    await seedFixture(t.db);
  });

  it('rate per segment, worked out by hand', async () => {
    const res = await getAs(t.app, fx, url());
    expect(res.statusCode).toBe(200);
    const { rate } = res.json();
    // Inbound in P: c4 (A3), c1 (A4, A16), c2 (A10, A18), c3 (A13, A20); outbound: c1, c2, c3 (A15 to c4 is after P).
    expect(rate.overall).toEqual({ engaged: 4, touched: 3, rate: 1.3333, responded: 3, responded_share: 1 });
    expect(rate.by_segment).toEqual([
      { segment: 'enterprise', engaged: 1, touched: 1, rate: 1, responded: 1, responded_share: 1 },
      { segment: 'smb', engaged: 1, touched: 1, rate: 1, responded: 1, responded_share: 1 },
      // c3 (no segment) and c4 (not in the directory).
      { segment: 'unknown', engaged: 2, touched: 1, rate: 2, responded: 1, responded_share: 1 },
    ]);
  });

  it('scores: c4 by hand, every customer by the oracle, lists and distribution', async () => {
    const body = (await getAs(t.app, fx, url('&limit=4'))).json();
    const scores = Object.fromEntries(
      body.score.most_engaged.map((c: { customer_id: string; score: number }) => [c.customer_id, c.score]),
    );
    // c4: one inbound call 3 d 17 h before the end: w = 0.5^(3.7083/30) = 0.91789; R = w, F = w/10,
    // I = 1, S = 0.5, no event score → 100 × (0.275 w + 0.2 + 0.075) / 0.85 = 62.05.
    expect(scores[fx.customers.c4]).toBe(62.05);
    const events = live(fx.events, P.from, P.to);
    for (const [name, id] of Object.entries(fx.customers)) {
      const mine = events.filter((e) => e.customer_id === id);
      expect(scores[id], name).toBeCloseTo(oracleScore(mine, new Date(P.to), 30), 2);
    }
    expect(body.score.customers).toBe(4);
    const all = Object.values(fx.customers)
      .map((id) =>
        oracleScore(
          events.filter((e) => e.customer_id === id),
          new Date(P.to),
          30,
        ),
      )
      .sort((a, b) => a - b);
    expect(body.score.mean).toBeCloseTo(all.reduce((a, b) => a + b, 0) / 4, 2);
    expect(body.score.median).toBeCloseTo(((all[1] as number) + (all[2] as number)) / 2, 2);
    const sorted = Object.values(scores).sort((a, b) => (b as number) - (a as number));
    expect(body.score.most_engaged.map((c: { score: number }) => c.score)).toEqual(sorted);
    expect(body.score.least_engaged.map((c: { score: number }) => c.score)).toEqual([...sorted].reverse());
    expect(body.score.distribution.reduce((s: number, b: { customers: number }) => s + b.customers, 0)).toBe(
      4,
    );
    const half = (await getAs(t.app, fx, url('&half_life_days=1'))).json();
    const c4 = half.score.most_engaged.find(
      (c: { customer_id: string }) => c.customer_id === fx.customers.c4,
    );
    const mine = events.filter((e) => e.customer_id === fx.customers.c4);
    expect(c4.score).toBeCloseTo(oracleScore(mine, new Date(P.to), 1), 2);
  });

  it('compare=previous and bad input', async () => {
    const body = (await getAs(t.app, fx, url('&compare=previous'))).json();
    // Previous period: only A1 (outbound to c1): touched 1, engaged 0 → rate 0.
    expect(body.rate.change).toEqual({ previous: 0, absolute: 1.3333, relative: null });
    // Scores of both periods in one scan: each period's events decay to its own end.
    const span = Date.parse(P.to) - Date.parse(P.from);
    const prevFrom = new Date(Date.parse(P.from) - span).toISOString();
    const prevEvents = live(fx.events, prevFrom, P.from);
    const prevIds = [...new Set(prevEvents.map((e) => e.customer_id))];
    const prevScores = prevIds.map((id) =>
      oracleScore(
        prevEvents.filter((e) => e.customer_id === id),
        new Date(P.from),
        30,
      ),
    );
    const prevMean = prevScores.reduce((a, b) => a + b, 0) / prevScores.length;
    expect(body.score.mean_change.previous).toBeCloseTo(prevMean, 3);
    expect(body.score.mean_change.absolute).toBeCloseTo(body.score.mean - prevMean, 3);
    expect((await getAs(t.app, fx, url('&half_life_days=0'))).statusCode).toBe(400);
    expect((await getAs(t.app, fx, url('&limit=1000'))).statusCode).toBe(400);
  });
});
