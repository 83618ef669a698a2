import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { EventInput } from '../events/schema.js';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

const DAY = 86_400_000;
const FROM = '2025-05-01T00:00:00.000Z';
const TO = '2025-06-01T00:00:00.000Z';

/**
 * The engagement score written out independently of the server (engagement-score.ts documents the
 * formula): decayed weights per event, then the weighted mean of recency, frequency, inbound share,
 * sentiment and event scores.
 */
function expectedScore(events: EventInput[], to: string) {
  const w = events.map((e) => 0.5 ** ((Date.parse(to) - Date.parse(e.event_timestamp)) / (30 * DAY)));
  const sum = (f: (e: EventInput, i: number) => number) => events.reduce((s, e, i) => s + f(e, i), 0);
  const total = sum((_, i) => w[i] as number);
  const recency = Math.max(...w);
  const frequency = Math.min(1, total / 10);
  const inbound = sum((e, i) => (e.direction === 'inbound' ? (w[i] as number) : 0)) / total;
  const sValue = { positive: 1, negative: 0, neutral: 0.5, mixed: 0.5 } as Record<string, number>;
  const sw = sum((e, i) => (e.sentiment ? (w[i] as number) : 0));
  const sentiment = sw
    ? sum((e, i) => (e.sentiment ? (w[i] as number) * (sValue[e.sentiment] ?? 0) : 0)) / sw
    : 0.5;
  const ew = sum((e, i) => (e.engagement_score != null ? (w[i] as number) : 0));
  const eventScore = ew
    ? sum((e, i) => (e.engagement_score != null ? (w[i] as number) * e.engagement_score : 0)) / (100 * ew)
    : null;
  const base = 0.25 * recency + 0.25 * frequency + 0.2 * inbound + 0.15 * sentiment;
  const score = eventScore === null ? base / 0.85 : (base + 0.15 * eventScore) / 1;
  return Math.round(score * 10_000) / 100;
}

describeApp('me/customers', (t) => {
  it("lists exactly the caller's customers of the period with the engagement of their own events", async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    const [me, other] = [randomUUID(), randomUUID()];
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const [id, name, segment] of [
      [a, 'Acme', 'enterprise'],
      [b, 'Beta', 'smb'],
      [c, 'Gamma', 'smb'],
    ] as const) {
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/directory/customers/${id}`,
        headers: admin,
        payload: { name, segment },
      });
    }
    const at = (days: number) => new Date(Date.parse(TO) - days * DAY).toISOString();
    const mine: EventInput[] = [
      eventInput({
        user_id: me,
        customer_id: a,
        event_timestamp: at(1),
        direction: 'inbound',
        sentiment: 'positive',
      }),
      eventInput({
        user_id: me,
        customer_id: a,
        event_timestamp: at(3),
        direction: 'outbound',
        engagement_score: 80,
      }),
      eventInput({ user_id: me, customer_id: a, event_timestamp: at(12), sentiment: 'negative' }),
      eventInput({ user_id: me, customer_id: b, event_timestamp: at(29.5), direction: 'outbound' }),
      eventInput({ user_id: me, customer_id: b, event_timestamp: at(20), engagement_score: 35.5 }),
      eventInput({ user_id: me, customer_id: d, event_timestamp: at(0.001) }), // not in the directory
      // Edges: exactly at `from` counts, exactly at `to` does not.
      eventInput({ user_id: me, customer_id: c, event_timestamp: FROM, direction: 'inbound' }),
    ];
    const outside = [
      eventInput({ user_id: me, customer_id: c, event_timestamp: TO }),
      eventInput({ user_id: me, customer_id: b, event_timestamp: at(40) }),
    ];
    // Another user's events with the same customers change nothing.
    const others = [
      eventInput({ user_id: other, customer_id: a, event_timestamp: at(0.5), direction: 'inbound' }),
      eventInput({ user_id: other, customer_id: b, event_timestamp: at(2), sentiment: 'positive' }),
    ];
    const ingest = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: [...mine, ...outside, ...others],
    });
    expect(ingest.json().stored).toBe(mine.length + outside.length + others.length);

    const headers = await co.auth('rep', { userId: me });
    const res = await t.app.inject({ url: `/api/v1/me/customers?from=${FROM}&to=${TO}&limit=50`, headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();

    const byCustomer = new Map<string, EventInput[]>();
    for (const e of mine) byCustomer.set(e.customer_id, [...(byCustomer.get(e.customer_id) ?? []), e]);
    const names: Record<string, [string | null, string]> = {
      [a]: ['Acme', 'enterprise'],
      [b]: ['Beta', 'smb'],
      [c]: ['Gamma', 'smb'],
      [d]: [null, 'unknown'],
    };
    const expected = [...byCustomer].map(([id, events]) => ({
      customer_id: id,
      name: names[id]?.[0] ?? null,
      segment: names[id]?.[1] ?? 'unknown',
      engagement_score: expectedScore(events, TO),
      events: events.length,
      inbound: events.some((e) => e.direction === 'inbound'),
      last_touch: new Date(Math.max(...events.map((e) => Date.parse(e.event_timestamp)))).toISOString(),
    }));
    expected.sort((x, y) => y.engagement_score - x.engagement_score || y.events - x.events);
    expect(body.period).toEqual({ from: FROM, to: TO });
    expect(body.total).toBe(4);
    expect(body.items.map((i: { customer_id: string }) => i.customer_id)).toEqual(
      expected.map((e) => e.customer_id),
    );
    for (const [i, item] of (body.items as typeof expected).entries()) {
      const want = expected[i] as (typeof expected)[number];
      expect(item.engagement_score).toBeCloseTo(want.engagement_score, 2);
      expect({ ...item, engagement_score: 0 }).toEqual({ ...want, engagement_score: 0 });
    }
    // By hand for Gamma (one inbound event exactly 31 days before the end): w = 0.5^(31/30),
    // score = 100 × (0.25 w + 0.25 w/10 + 0.20 × 1 + 0.15 × 0.5) / 0.85.
    const w = 0.5 ** (31 / 30);
    const gamma = body.items.find((i: { customer_id: string }) => i.customer_id === c);
    expect(gamma.engagement_score).toBeCloseTo((100 * (0.25 * w + 0.025 * w + 0.2 + 0.075)) / 0.85, 1);

    const top2 = await t.app.inject({ url: `/api/v1/me/customers?from=${FROM}&to=${TO}&limit=2`, headers });
    expect(top2.json().total).toBe(4);
    expect(top2.json().items).toEqual(body.items.slice(0, 2));

    // The other user sees only their own two customers.
    const theirs = await t.app.inject({
      url: `/api/v1/me/customers?from=${FROM}&to=${TO}`,
      headers: await co.auth('rep', { userId: other }),
    });
    expect(
      theirs
        .json()
        .items.map((i: { customer_id: string }) => i.customer_id)
        .sort(),
    ).toEqual([a, b].sort());
  });

  it('defaults to the last 30 days, and refuses a bad period with a 400 problem', async () => {
    const co = newCompany();
    const me = randomUUID();
    const headers = await co.auth('rep', { userId: me });
    const recent = eventInput({ user_id: me, event_timestamp: new Date(Date.now() - 2 * DAY).toISOString() });
    const old = eventInput({ user_id: me, event_timestamp: new Date(Date.now() - 31 * DAY).toISOString() });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: [recent, old],
    });
    const res = await t.app.inject({ url: '/api/v1/me/customers', headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { customer_id: string }) => i.customer_id)).toEqual([recent.customer_id]);
    for (const q of [`from=${TO}&to=${FROM}`, 'limit=0', 'limit=201', 'from=yesterday', 'extra=1']) {
      const bad = await t.app.inject({ url: `/api/v1/me/customers?${q}`, headers });
      expect(bad.statusCode, q).toBe(400);
      expect(bad.headers['content-type'], q).toMatch(/problem\+json/);
    }
  });
});
