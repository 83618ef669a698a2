/**
 * Property: on random event sets (same-instant ties, deleted events, events on the period edges,
 * another tenant), KPIs 5–7 from SQL equal a plain-TypeScript computation over the same events.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type Scope, scopeFor } from '../../db/scope.js';
import { upsertTeams, upsertUsers } from '../../directory/queries.js';
import { describeEngines } from '../../test/engines.js';
import { median } from './get-customer-journey.js';
import { getConversion, getOutcomeRates } from './get-effectiveness.js';
import { getJourneySequences } from './get-journey-paths.js';
import { getTeamProductivity } from './get-team-productivity.js';
import {
  C,
  type FixtureEvent,
  fixtureParams,
  insertFixtureEvents,
  liveInPeriod,
  PERIOD,
  T,
  U,
} from './kpi-fixture.js';
import { SUCCESS_OUTCOMES } from './period-events.js';
import { gini } from './workload.js';

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

/** Productivity figures of a set of events, as the KPI defines them. */
function referenceFigures(events: FixtureEvent[]) {
  const by_type: Record<string, number> = {};
  for (const e of events) by_type[e.type] = (by_type[e.type] ?? 0) + 1;
  const outcomes = events.filter((e) => e.outcome);
  return {
    activities: events.length,
    by_type,
    duration_minutes: events.reduce((s, e) => s + (e.duration ?? 0), 0),
    customers_touched: new Set(events.map((e) => e.customer)).size,
    tasks_completed: events.filter((e) => e.type === 'task' && e.status === 'completed').length,
    with_outcome: outcomes.length,
    successes: outcomes.filter((e) => SUCCESS_OUTCOMES.includes(e.outcome as string)).length,
  };
}

/** Directory of the random sets: u1 and u2 in team t1 (active), u5 unknown to the directory. */
const TEAM_OF: Record<string, string> = { [U.u1]: T.t1, [U.u2]: T.t1 };
async function loadDirectory(scope: Scope) {
  await upsertTeams(scope, [{ id: T.t1, name: 'Team One', lead_user_id: U.u1 }]);
  await upsertUsers(scope, [
    { id: U.u1, name: 'Ann', role: 'team_lead', team_id: T.t1 },
    { id: U.u2, name: 'Bob', role: 'rep', team_id: T.t1 },
  ]);
}

/** Conversion per type and for any type ('*'), scanning every live win for each activity. */
function referenceConversion(all: FixtureEvent[], live: FixtureEvent[], days: number) {
  const wins = all.filter((e) => !e.deleted && e.outcome === 'deal_won');
  const cohort = new Map<string, Set<string>>();
  const conv = new Map<string, Set<string>>();
  for (const a of live) {
    const t = Date.parse(a.at);
    const ok = wins.some(
      (w) => w.customer === a.customer && Date.parse(w.at) >= t && Date.parse(w.at) < t + days * 86_400_000,
    );
    for (const type of [a.type, '*']) {
      cohort.set(type, (cohort.get(type) ?? new Set()).add(a.customer));
      if (ok) conv.set(type, (conv.get(type) ?? new Set()).add(a.customer));
    }
  }
  // The any-type row is always answered, even over no activities.
  cohort.set('*', cohort.get('*') ?? new Set());
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
        fc.integer({ min: 1, max: 4 }),
        async (raw, noise, days) => {
          const all = raw.map(toFixture);
          const scope = scopeFor(t.db, randomUUID());
          await loadDirectory(scope);
          await insertFixtureEvents(scope, all);
          await insertFixtureEvents(scopeFor(t.db, randomUUID()), noise.map(toFixture));
          const live = liveInPeriod(all);
          const p = fixtureParams();

          const prod = await getTeamProductivity(scope, p);
          const teamOf = (user: string) => TEAM_OF[user] ?? 'unknown';
          const shownTeams = new Set(live.map((e) => teamOf(e.user)));
          // Users with events, plus the active members of a shown team.
          const members = new Set([
            ...live.map((e) => e.user),
            ...Object.keys(TEAM_OF).filter((u) => shownTeams.has(teamOf(u))),
          ]);
          expect(prod.users.map((u) => u.user_id).sort()).toEqual([...members].sort());
          for (const u of prod.users)
            expect(u).toMatchObject({
              ...referenceFigures(live.filter((e) => e.user === u.user_id)),
              team_id: teamOf(u.user_id),
            });
          expect(prod.teams.map((x) => x.team_id).sort()).toEqual([...shownTeams].sort());
          for (const team of prod.teams) {
            expect(team).toMatchObject({
              ...referenceFigures(live.filter((e) => teamOf(e.user) === team.team_id)),
              member_count: [...members].filter((u) => teamOf(u) === team.team_id).length,
            });
            expect(team.gini).toBe(gini(team.members.map((m) => m.activities)));
          }
          expect(prod.totals).toMatchObject(referenceFigures(live));

          const rates = await getOutcomeRates(scope, p);
          expect(rates.by_type.reduce((s, g) => s + g.activities, 0)).toBe(live.length);
          for (const g of rates.by_type)
            expect(g.with_outcome).toBe(live.filter((e) => e.type === g.key && e.outcome).length);

          const conv = await getConversion(scope, p, 'deal_won', days);
          expect(
            new Map(conv.map((r) => [r.type ?? '*', { customers: r.customers, converted: r.converted }])),
          ).toEqual(referenceConversion(all, live, days));

          const journey = await getJourneySequences(scope, p, { limit: 1000 });
          expect(
            new Map(
              journey.paths.map((r) => [
                r.path.join('>'),
                { occurrences: r.occurrences, customers: r.customers },
              ]),
            ),
          ).toEqual(referencePaths(live));
          // Sorting customers by their id (the fallback when two share a hash) gives the same answer.
          expect(await getJourneySequences(scope, p, { limit: 1000, customerKey: 'id' })).toEqual(journey);

          const tr = (await getJourneySequences(scope, p)).transitions;
          expect(
            new Map(tr.map((r) => [`${r.from}>${r.to}`, { count: r.count, median: r.median_minutes }])),
          ).toEqual(referenceTransitions(live));

          const attr = journey.attribution;
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
