import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { scopeFor } from '../../db/scope.js';
import { describeEngines } from '../../test/engines.js';
import { getConversion, getOutcomeRates } from './get-effectiveness.js';
import {
  C,
  FIXTURE,
  type FixtureEvent,
  fixtureParams,
  liveInPeriod,
  loadFixture,
  PERIOD,
  U,
} from './kpi-fixture.js';
import { SUCCESS_OUTCOMES } from './period-events.js';

/** Reference: outcome groups by a key, straight from the fixture rows. */
function referenceRates(key: (e: FixtureEvent) => string) {
  const groups = new Map<string, { activities: number; with_outcome: number; successes: number }>();
  for (const e of liveInPeriod()) {
    const g = groups.get(key(e)) ?? { activities: 0, with_outcome: 0, successes: 0 };
    g.activities++;
    if (e.outcome) g.with_outcome++;
    if (e.outcome && SUCCESS_OUTCOMES.includes(e.outcome)) g.successes++;
    groups.set(key(e), g);
  }
  return groups;
}

/** Reference: conversion per type, scanning every live win of company A for each activity. */
function referenceConversion(days: number) {
  const wins = FIXTURE.filter((e) => !e.deleted && e.outcome === 'deal_won');
  const cohort = new Map<string, Set<string>>();
  const converted = new Map<string, Set<string>>();
  for (const a of liveInPeriod()) {
    const t0 = Date.parse(a.at);
    const ok = wins.some(
      (w) => w.customer === a.customer && Date.parse(w.at) >= t0 && Date.parse(w.at) < t0 + days * 86_400_000,
    );
    for (const type of [a.type, '*']) {
      cohort.set(type, (cohort.get(type) ?? new Set()).add(a.customer));
      if (ok) converted.set(type, (converted.get(type) ?? new Set()).add(a.customer));
    }
  }
  return [...cohort].map(([type, s]) => ({
    type: type === '*' ? null : type,
    customers: s.size,
    converted: converted.get(type)?.size ?? 0,
  }));
}

describeEngines('KPI 7 effectiveness', (t) => {
  const a = randomUUID();
  beforeAll(async () => {
    await loadFixture(scopeFor(t.db, a), scopeFor(t.db, randomUUID()));
  });

  it('outcome rates per type, source and user equal the reference and the hand count', async () => {
    const r = await getOutcomeRates(scopeFor(t.db, a), fixtureParams());
    for (const [dim, key] of [
      ['by_type', (e: FixtureEvent) => e.type],
      ['by_source', (e: FixtureEvent) => e.source],
      ['by_user', (e: FixtureEvent) => e.user],
    ] as const) {
      const ref = referenceRates(key);
      expect(r[dim].map((g) => g.key).sort()).toEqual([...ref.keys()].sort());
      for (const g of r[dim]) expect({ ...g, by_outcome: undefined }).toMatchObject(ref.get(g.key) ?? {});
    }
    // By hand: 5 live calls in the period, outcomes connected ×2, deal_won ×2, no_answer ×1.
    const call = r.by_type.find((g) => g.key === 'call');
    expect(call).toEqual({
      key: 'call',
      activities: 5,
      with_outcome: 5,
      successes: 4,
      success_rate: 0.8,
      outcome_coverage: 1,
      by_outcome: { connected: 2, deal_won: 2, no_answer: 1 },
    });
    expect(r.by_type.find((g) => g.key === 'task')).toMatchObject({
      activities: 2,
      with_outcome: 0,
      success_rate: null,
    });
    expect(r.by_user.find((g) => g.key === U.u2)).toMatchObject({
      activities: 6,
      with_outcome: 4,
      successes: 3,
      success_rate: 0.75,
    });
    expect(r.by_source.map((g) => [g.key, g.activities])).toEqual([
      ['email', 6],
      ['phone_system', 5],
      ['task_manager', 2],
      ['api', 1],
      ['calendar', 1],
    ]);
  });

  it('conversion within 30 days: a win after the period counts, a deleted win does not', async () => {
    const rows = await getConversion(scopeFor(t.db, a), fixtureParams(), 'deal_won', 30);
    const ref = referenceConversion(30);
    expect(rows.map(({ rate, ...r }) => r).sort(byType)).toEqual(ref.sort(byType));
    // By hand: c3's only email (3 Mar) comes after its win (1 Mar); the deleted win of 3 Mar would convert it.
    expect(rows.find((r) => r.type === 'email')).toEqual({
      type: 'email',
      customers: 4,
      converted: 3,
      rate: 0.75,
    });
    expect(rows.find((r) => r.type === null)).toEqual({ type: null, customers: 4, converted: 4, rate: 1 });
  });

  it('conversion within 3 days: the window end is exclusive (task on 6 Mar, win on 9 Mar)', async () => {
    const rows = await getConversion(scopeFor(t.db, a), fixtureParams(), 'deal_won', 3);
    expect(rows.map(({ rate, ...r }) => r).sort(byType)).toEqual(referenceConversion(3).sort(byType));
    expect(rows.find((r) => r.type === 'task')).toMatchObject({ customers: 2, converted: 1 });
    expect(rows.find((r) => r.type === 'email')).toMatchObject({ customers: 4, converted: 2 });
    expect(rows.find((r) => r.type === null)).toMatchObject({ customers: 4, converted: 3 });
  });

  it('filters narrow the cohort, not the converting events', async () => {
    const rows = await getConversion(
      scopeFor(t.db, a),
      fixtureParams({ customer_id: [C.c4] }),
      'deal_won',
      30,
    );
    expect(rows).toEqual([
      { type: 'email', customers: 1, converted: 1, rate: 1 },
      { type: 'sms', customers: 1, converted: 1, rate: 1 },
      { type: 'task', customers: 1, converted: 1, rate: 1 },
      { type: null, customers: 1, converted: 1, rate: 1 },
    ]);
    expect(PERIOD.to.toISOString()).toBe('2025-03-08T00:00:00.000Z');
  });
});

const byType = (x: { type: string | null }, y: { type: string | null }) =>
  String(x.type).localeCompare(String(y.type));
