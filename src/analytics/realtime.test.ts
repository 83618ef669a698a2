import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { scopeFor } from '../db/scope.js';
import { insertEvents, type NewEvent, updateEvent } from '../events/queries/write-events.js';
import { describeApp } from '../test/app.js';
import { newEventRow } from '../test/factories.js';
import type { Seeded } from './test-support/fixture.js';
import { getAs } from './test-support/request.js';

const MIN = 60_000;

describeApp('analytics real-time', (t) => {
  const companyId = randomUUID();
  const user = randomUUID();
  const events: Array<NewEvent & { deleted?: boolean }> = [];
  const fx = { companyId, users: { u1: user } } as unknown as Seeded;

  const ev = (name: string, offsetMin: number, more: Partial<NewEvent> & { deleted?: boolean } = {}) => {
    const e = newEventRow({
      user_id: user,
      event_title: name,
      event_timestamp: new Date(seededAt + offsetMin * MIN),
      ...more,
    }) as NewEvent & { deleted?: boolean };
    events.push(e);
    return e;
  };
  let seededAt = 0;

  beforeAll(async () => {
    seededAt = Date.now();
    ev('call -1', -1);
    ev('email -3', -3, { event_type: 'email', event_source: 'email' });
    ev('call -10', -10);
    ev('email -59', -59, { event_type: 'email', event_source: 'email' });
    ev('call -61', -61);
    ev('deleted -2', -2, { deleted: true });
    ev('S0 overdue for days', -3 * 24 * 60, { status: 'scheduled' });
    ev('S1 overdue', -120, { status: 'scheduled', event_type: 'meeting', event_source: 'calendar' });
    ev('S6 due in 30 min', 30, { status: 'scheduled' });
    ev('S2 due_at past', 24 * 60, {
      status: 'scheduled',
      event_type: 'task',
      event_data: { due_at: new Date(seededAt - 30 * MIN).toISOString() },
    });
    ev('S3 due_at future', -24 * 60, {
      status: 'scheduled',
      event_type: 'task',
      event_data: { due_at: new Date(seededAt + 24 * 60 * MIN).toISOString() },
    });
    ev('S4 completed', -180, { status: 'completed' });
    ev('S5 deleted', -240, { status: 'scheduled', deleted: true });
    const scope = scopeFor(t.db, companyId);
    await insertEvents(
      scope,
      events.map(({ deleted: _d, ...e }) => e),
    );
    for (const e of events.filter((x) => x.deleted)) await updateEvent(scope, e.id, { is_deleted: true });
    // Another tenant, same shape: never counted.
    await insertEvents(
      scopeFor(t.db, randomUUID()),
      events.map(({ deleted: _d, ...e }) => ({ ...e, id: randomUUID() })),
    );
  });

  it('last 5 / 60 minutes by type, per minute, overdue scheduled activities', async () => {
    const res = await getAs(t.app, fx, '/api/v1/analytics/realtime?tz=UTC');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // By hand: last 5 min = call −1, email −3 (the deleted −2 never counts); last 60 adds call −10, email −59.
    expect(body.last_5_minutes).toEqual({ total: 2, by_type: { call: 1, email: 1 } });
    expect(body.last_60_minutes).toEqual({ total: 4, by_type: { call: 2, email: 2 } });
    // Overdue: S0 (3 days ago: a rollup day), S1 (event time 2 h ago: rollup hours or day) and S2
    // (due_at 30 min ago, event time tomorrow); not S3, S4, S5, nor S6 (the current hour's minutes).
    expect(body.overdue.total).toBe(3);
    expect(body.overdue.items.map((i: { title: string }) => i.title)).toEqual([
      'S0 overdue for days',
      'S1 overdue',
      'S2 due_at past',
    ]);
    expect(body.overdue.items[1].overdue_minutes).toBeGreaterThanOrEqual(120);
    // Per minute: recomputed from as_of.
    const asOf = Date.parse(body.as_of);
    const first = Math.floor(asOf / MIN) * MIN - 59 * MIN;
    const expected = Array.from({ length: 60 }, (_, i) => ({
      minute: new Date(first + i * MIN).toISOString(),
      events: events.filter((e) => {
        const ts = e.event_timestamp.getTime();
        return !e.deleted && ts >= first + i * MIN && ts < first + (i + 1) * MIN && ts <= asOf;
      }).length,
    }));
    expect(body.per_minute).toEqual(expected);
    expect(
      body.per_minute.reduce((s: number, m: { events: number }) => s + m.events, 0),
    ).toBeGreaterThanOrEqual(3);
    expect(body.period.tz).toBe('UTC');
  });

  it('filters apply; a rep asking for another user → 403; from/to are not accepted', async () => {
    const email = (await getAs(t.app, fx, '/api/v1/analytics/realtime?type=email')).json();
    expect(email.last_60_minutes).toEqual({ total: 2, by_type: { email: 2 } });
    // Overdue with a filter the rollups keep (type) and one they do not (customer: raw events).
    const calls = (await getAs(t.app, fx, '/api/v1/analytics/realtime?type=call')).json();
    expect(calls.overdue.items.map((i: { title: string }) => i.title)).toEqual(['S0 overdue for days']);
    expect(calls.overdue.total).toBe(1);
    const s0 = events.find((e) => e.event_title === 'S0 overdue for days');
    const one = (await getAs(t.app, fx, `/api/v1/analytics/realtime?customer_id=${s0?.customer_id}`)).json();
    expect(one.overdue.total).toBe(1);
    const denied = await getAs(t.app, fx, `/api/v1/analytics/realtime?user_id=${user}`, 'rep', randomUUID());
    expect(denied.statusCode).toBe(403);
    expect((await getAs(t.app, fx, '/api/v1/analytics/realtime?from=2025-01-01T00:00:00Z')).statusCode).toBe(
      400,
    );
  });
});
