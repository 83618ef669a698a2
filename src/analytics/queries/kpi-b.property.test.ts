/**
 * Property: on random event sets (same-instant ties, deleted events, events on the period edges,
 * another tenant), KPIs 5–7 from SQL equal a plain-TypeScript computation over the same events.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { scopeFor } from '../../db/scope.js';
import { describeEngines } from '../../test/engines.js';
import { median } from './get-customer-journey.js';
import { getConversion, getOutcomeRates } from './get-effectiveness.js';
import { getJourneySequences } from './get-journey-paths.js';
import { getTeamProductivity } from './get-team-productivity.js';
import { getTouchAttribution } from './get-touch-attribution.js';
import {
  C,
  type FixtureEvent,
  fixtureParams,
  insertFixtureEvents,
  liveInPeriod,
  PERIOD,
  U,
} from './kpi-fixture.js';
import { SUCCESS_OUTCOMES } from './period-events.js';

const MIN = 60_000;
// Instants on a coarse grid around the period (1–8 March) so ties and edge instants are frequent.
const instant = fc
  .integer({ min: -2, max: 16 })
  .map((k) => new Date(PERIOD.from.getTime() + k * 12 * 3_600_000).toISOString());
const event = fc.record({
  customer: fc.constantFrom(C.c1, C.c2, C.c3),
  user: fc.constantFrom(U.u1, U.u2, U.u5),
  type: fc.constantFrom('call', 'email', 'task'),
  at: instant,
  duration: fc.option(fc.integer({ min: 0, max: 90 })),
  status: fc.constantFrom('completed', 'active'),
  outcome: fc.option(fc.constantFrom('deal_won', 'connected', 'no_answer'), { freq: 2 }),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
});
const toFixture = (e: Omit<FixtureEvent, 'id' | 'source' | 'direction'>): FixtureEvent => ({
  ...e,
  id: randomUUID(),
  source: e.type === 'call' ? 'phone_system' : e.type === 'email' ? 'email' : 'task_manager',
  direction: e.type === 'task' ? null : 'outbound',
});

function sequences(live: FixtureEvent[]) {
  const by = new Map<string, FixtureEvent[]>();
  for (const e of live) by.set(e.customer, [...(by.get(e.customer) ?? []), e]);
  return [...by.values()];
}

function referenceTransitions(live: FixtureEvent[]) {
  const gaps = new Map<string, number[]>();
  for (const seq of sequences(live))
    for (let i = 1; i < seq.length; i++) {
      const [a, b] = [seq[i - 1] as FixtureEvent, seq[i] as FixtureEvent];
      const k = `${a.type}>${b.type}`;
      gaps.set(k, [...(gaps.get(k) ?? []), (Date.parse(b.at) - Date.parse(a.at)) / MIN]);
    }
  return new Map([...gaps].map(([k, g]) => [k, { count: g.length, median: median(g) }]));
}

function referencePaths(live: FixtureEvent[]) {
  const out = new Map<string, { occurrences: number; customers: Set<string> }>();
  for (const seq of sequences(live))
    for (let len = 2; len <= 5; len++)
      for (let i = 0; i + len <= seq.length; i++) {
        const k = seq
          .slice(i, i + len)
          .map((e) => e.type)
          .join('>');
        const r = out.get(k) ?? { occurrences: 0, customers: new Set() };
        r.occurrences++;
        r.customers.add(seq[0]?.customer as string);
        out.set(k, r);
      }
  return new Map([...out].map(([k, r]) => [k, { occurrences: r.occurrences, customers: r.customers.size }]));
}

function referenceConversion(all: FixtureEvent[], live: FixtureEvent[], days: number) {
  const wins = all.filter((e) => !e.deleted && e.outcome === 'deal_won');
  const cohort = new Map<string, Set<string>>();
  const conv = new Map<string, Set<string>>();
  for (const a of live) {
    const t = Date.parse(a.at);
    const ok = wins.some(
      (w) => w.customer === a.customer && Date.parse(w.at) >= t && Date.parse(w.at) < t + days * 86_400_000,
    );
    cohort.set(a.type, (cohort.get(a.type) ?? new Set()).add(a.customer));
    if (ok) conv.set(a.type, (conv.get(a.type) ?? new Set()).add(a.customer));
  }
  return new Map([...cohort].map(([k, s]) => [k, { customers: s.size, converted: conv.get(k)?.size ?? 0 }]));
}

function referenceAttribution(live: FixtureEvent[]) {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (const seq of sequences(live)) {
    const i = seq.findIndex((e) => e.outcome === 'deal_won');
    if (i < 0) continue;
    const f = i === 0 ? 'none' : (seq[0] as FixtureEvent).type;
    const l = i === 0 ? 'none' : (seq[i - 1] as FixtureEvent).type;
    first.set(f, (first.get(f) ?? 0) + 1);
    last.set(l, (last.get(l) ?? 0) + 1);
  }
  return { first, last };
}

describeEngines('KPIs 5-7 property: SQL = plain TypeScript', (t) => {
  it('on random event sets', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 0, maxLength: 40, size: 'max' }),
        fc.array(event, { maxLength: 5 }),
        async (raw, noise) => {
          const all = raw.map(toFixture);
          const scope = scopeFor(t.db, randomUUID());
          await insertFixtureEvents(scope, all);
          await insertFixtureEvents(scopeFor(t.db, randomUUID()), noise.map(toFixture));
          const live = liveInPeriod(all);
          const p = fixtureParams();

          const prod = await getTeamProductivity(scope, p);
          for (const u of prod.users) {
            const mine = live.filter((e) => e.user === u.user_id);
            const outcomes = mine.filter((e) => e.outcome);
            expect(u).toMatchObject({
              activities: mine.length,
              duration_minutes: mine.reduce((s, e) => s + (e.duration ?? 0), 0),
              customers_touched: new Set(mine.map((e) => e.customer)).size,
              tasks_completed: mine.filter((e) => e.type === 'task' && e.status === 'completed').length,
              with_outcome: outcomes.length,
              successes: outcomes.filter((e) => SUCCESS_OUTCOMES.includes(e.outcome as string)).length,
            });
          }
          expect(prod.totals.activities).toBe(live.length);

          const rates = await getOutcomeRates(scope, p);
          expect(rates.by_type.reduce((s, g) => s + g.activities, 0)).toBe(live.length);
          for (const g of rates.by_type)
            expect(g.with_outcome).toBe(live.filter((e) => e.type === g.key && e.outcome).length);

          const conv = await getConversion(scope, p, 'deal_won', 2);
          const refConv = referenceConversion(all, live, 2);
          expect(
            new Map(
              conv
                .filter((r) => r.type)
                .map((r) => [r.type, { customers: r.customers, converted: r.converted }]),
            ),
          ).toEqual(refConv);

          const paths = (await getJourneySequences(scope, p, { limit: 1000 })).paths;
          expect(
            new Map(
              paths.map((r) => [r.path.join('>'), { occurrences: r.occurrences, customers: r.customers }]),
            ),
          ).toEqual(referencePaths(live));

          const tr = (await getJourneySequences(scope, p)).transitions;
          expect(
            new Map(tr.map((r) => [`${r.from}>${r.to}`, { count: r.count, median: r.median_minutes }])),
          ).toEqual(referenceTransitions(live));

          const attr = await getTouchAttribution(scope, p);
          const ref = referenceAttribution(live);
          expect(
            new Map(attr.by_channel.filter((c) => c.first_touch).map((c) => [c.channel, c.first_touch])),
          ).toEqual(ref.first);
          expect(
            new Map(attr.by_channel.filter((c) => c.last_touch).map((c) => [c.channel, c.last_touch])),
          ).toEqual(ref.last);
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);
});
