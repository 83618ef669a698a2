import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { scopeFor } from '../../db/scope.js';
import { describeEngines } from '../../test/engines.js';
import { wholeSequences } from '../replica/event-filters.js';
import { getCustomerJourney, median } from './get-customer-journey.js';
import { getJourneySequences } from './get-journey-paths.js';
import { C, FIXTURE, type FixtureEvent, fixtureParams, liveInPeriod, loadFixture } from './kpi-fixture.js';

/** Reference: each customer's live touchpoints in the period, oldest first (time, then id). */
function sequences(): Map<string, FixtureEvent[]> {
  const by = new Map<string, FixtureEvent[]>();
  for (const e of liveInPeriod()) by.set(e.customer, [...(by.get(e.customer) ?? []), e]);
  return by;
}

function referencePaths(len: number) {
  const counts = new Map<string, { occurrences: number; customers: Set<string> }>();
  for (const [customer, seq] of sequences()) {
    for (let i = 0; i + len <= seq.length; i++) {
      const key = seq
        .slice(i, i + len)
        .map((e) => e.type)
        .join('>');
      const c = counts.get(key) ?? { occurrences: 0, customers: new Set() };
      c.occurrences++;
      c.customers.add(customer);
      counts.set(key, c);
    }
  }
  return [...counts]
    .map(([k, c]) => ({
      length: len,
      path: k.split('>'),
      occurrences: c.occurrences,
      customers: c.customers.size,
    }))
    .sort((x, y) => y.occurrences - x.occurrences || (x.path.join('>') < y.path.join('>') ? -1 : 1));
}

function referenceTransitions() {
  const gaps = new Map<string, number[]>();
  for (const seq of sequences().values()) {
    for (let i = 1; i < seq.length; i++) {
      const [p, n] = [seq[i - 1] as FixtureEvent, seq[i] as FixtureEvent];
      const key = `${p.type}>${n.type}`;
      gaps.set(key, [...(gaps.get(key) ?? []), (Date.parse(n.at) - Date.parse(p.at)) / 60_000]);
    }
  }
  return [...gaps]
    .map(([k, g]) => ({
      from: k.split('>')[0],
      to: k.split('>')[1],
      count: g.length,
      median_minutes: median(g),
    }))
    .sort((x, y) => y.count - x.count || (`${x.from}>${x.to}` < `${y.from}>${y.to}` ? -1 : 1));
}

describeEngines('KPI 6 customer journey', (t) => {
  const a = randomUUID();
  beforeAll(async () => {
    await loadFixture(scopeFor(t.db, a), scopeFor(t.db, randomUUID()));
  });

  it("one customer's touchpoints in order with gaps; deleted and out-of-period events left out", async () => {
    const j = await getCustomerJourney(scopeFor(t.db, a), fixtureParams(), C.c1);
    const ref = sequences().get(C.c1) ?? [];
    expect(j.touchpoints.map((p) => p.id)).toEqual(ref.map((e) => e.id));
    // By hand: 9:00 → 10:00 (60), → next day 9:00 (1380), → +1 day (1440), → +1 day (1440).
    expect(j.touchpoints.map((p) => p.gap_minutes)).toEqual([null, 60, 1380, 1440, 1440]);
    expect(j).toMatchObject({ total: 5, truncated: false, median_gap_minutes: 1410 });
    const c2 = await getCustomerJourney(scopeFor(t.db, a), fixtureParams(), C.c2, 2);
    expect(c2).toMatchObject({ total: 5, truncated: true });
    expect(c2.touchpoints.map((p) => p.type)).toEqual(['email', 'call']);
    const task = (await getCustomerJourney(scopeFor(t.db, a), fixtureParams(), C.c2)).touchpoints[3];
    expect(task).toMatchObject({ type: 'task', direction: 'unknown', outcome: null });
    const c3 = await getCustomerJourney(scopeFor(t.db, a), fixtureParams(), C.c3);
    expect(c3.touchpoints.map((p) => p.type)).toEqual(['call', 'email']); // the deleted call is gone
  });

  it('most frequent paths of each length equal the reference', async () => {
    const rows = (await getJourneySequences(scopeFor(t.db, a), fixtureParams(), { limit: 100 })).paths;
    for (const len of [2, 3, 4, 5]) expect(rows.filter((r) => r.length === len)).toEqual(referencePaths(len));
    // By hand: email → call happens for c1 and c2; every other pair once. Same-instant email, sms of c4 keep id order.
    expect(rows[0]).toEqual({ length: 2, path: ['email', 'call'], occurrences: 2, customers: 2 });
    expect(rows.filter((r) => r.length === 5).map((r) => r.path.join('>'))).toEqual([
      'email>call>call>task>email',
      'email>email>call>meeting>call',
    ]);
    expect(rows.some((r) => r.path.join('>') === 'email>sms>task')).toBe(true);
    const top = (
      await getJourneySequences(scopeFor(t.db, a), fixtureParams(), {
        minLength: 3,
        maxLength: 3,
        limit: 2,
      })
    ).paths;
    expect(top).toEqual(referencePaths(3).slice(0, 2));
  });

  it('transition matrix with median minutes equals the reference', async () => {
    const rows = (await getJourneySequences(scopeFor(t.db, a), fixtureParams())).transitions;
    expect(rows).toEqual(referenceTransitions());
    // By hand: email → call gaps 1380 (c1) and 1440 (c2) → median 1410; email → sms at the same instant → 0.
    expect(rows[0]).toEqual({ from: 'email', to: 'call', count: 2, median_minutes: 1410 });
    expect(rows.find((r) => r.from === 'email' && r.to === 'sms')?.median_minutes).toBe(0);
  });

  it('first and last touch before a deal_won', async () => {
    const r = (await getJourneySequences(scopeFor(t.db, a), fixtureParams())).attribution;
    expect(r.conversions).toBe(referenceAttribution('deal_won').conversions);
    expect(
      new Map(r.by_channel.map((c) => [c.channel, { first: c.first_touch, last: c.last_touch }])),
    ).toEqual(referenceAttribution('deal_won').by);
    // By hand: c1 email…meeting, c2 email…task, c3 won on its first touch; c4's win is after the period.
    expect(r).toEqual({
      outcome: 'deal_won',
      conversions: 3,
      by_channel: [
        { channel: 'email', first_touch: 2, last_touch: 0 },
        { channel: 'none', first_touch: 1, last_touch: 1 },
        { channel: 'meeting', first_touch: 0, last_touch: 1 },
        { channel: 'task', first_touch: 0, last_touch: 1 },
      ],
    });
    expect(FIXTURE.length).toBeGreaterThan(0);
  });

  it('attribution of another outcome, path lengths alone, no path when min_length > max_length', async () => {
    const scope = scopeFor(t.db, a);
    const connected = await getJourneySequences(scope, fixtureParams(), {
      outcome: 'connected',
      maxLength: 2,
    });
    // By hand: c1's first connected call follows two emails; c2's second call follows a first call.
    expect(connected.attribution).toEqual({
      outcome: 'connected',
      conversions: 2,
      by_channel: [
        { channel: 'email', first_touch: 2, last_touch: 1 },
        { channel: 'call', first_touch: 0, last_touch: 1 },
      ],
    });
    expect(
      new Map(
        connected.attribution.by_channel.map((c) => [
          c.channel,
          { first: c.first_touch, last: c.last_touch },
        ]),
      ),
    ).toEqual(referenceAttribution('connected').by);
    expect(connected.paths).toEqual(referencePaths(2).slice(0, 20));
    const none = await getJourneySequences(scope, fixtureParams(), { minLength: 4, maxLength: 3 });
    expect(none.paths).toEqual([]);
    expect(none.transitions).toEqual(referenceTransitions());
  });

  it('reads the kept sequence facts for the whole company, and they agree with the per-request sort', async () => {
    const scope = scopeFor(t.db, a);
    // The fixture's period starts after some of its customers' events: runs must stop there.
    expect(wholeSequences(fixtureParams())).toBe(true);
    expect(wholeSequences(fixtureParams({ type: ['call'] }))).toBe(false);
    for (const opts of [
      { limit: 100 },
      { minLength: 3, maxLength: 4, outcome: 'connected' },
      { maxLength: 2 },
      { minLength: 3, maxLength: 3, limit: 2 },
    ]) {
      const kept = await getJourneySequences(scope, fixtureParams(), opts);
      expect(kept).toEqual(
        await getJourneySequences(scope, fixtureParams(), { ...opts, sequences: 'computed' }),
      );
      expect(kept.paths.length).toBeGreaterThan(0);
    }
  });
});

/** Reference: each customer's first touchpoint with `outcome`, and the touches before it. */
function referenceAttribution(outcome: string) {
  const by = new Map<string, { first: number; last: number }>();
  let conversions = 0;
  for (const seq of sequences().values()) {
    const i = seq.findIndex((e) => e.outcome === outcome);
    if (i < 0) continue;
    conversions++;
    const first = i === 0 ? 'none' : (seq[0] as FixtureEvent).type;
    const last = i === 0 ? 'none' : (seq[i - 1] as FixtureEvent).type;
    by.set(first, { first: (by.get(first)?.first ?? 0) + 1, last: by.get(first)?.last ?? 0 });
    by.set(last, { first: by.get(last)?.first ?? 0, last: (by.get(last)?.last ?? 0) + 1 });
  }
  return { conversions, by };
}
