import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { scopeFor } from '../db/scope.js';
import { upsertCustomers } from '../directory/queries.js';
import { insertEvents } from '../events/queries/write-events.js';
import { describeApp } from '../test/app.js';
import { newEventRow } from '../test/factories.js';
import { ALL_ROWS } from '../visibility/testing/all-rows.js';
import { getInteractionGaps } from './queries/get-interaction-gaps.js';
import { listPreferredChannels } from './queries/list-preferred-channels.js';
import { P, type Seeded, seedFixture, TZ } from './test-support/fixture.js';
import { live, localParts, percentile } from './test-support/oracle.js';
import { getAs } from './test-support/request.js';

const url = (q = '') => `/api/v1/analytics/patterns?from=${P.from}&to=${P.to}${q}`;

describeApp('analytics patterns', (t) => {
  let fx: Seeded;
  beforeAll(async () => {
    fx = await seedFixture(t.db);
    await seedFixture(t.db);
  });

  it('heatmap in Paris time: both passes of the repeated 02:00 hour land in Sunday 2 h', async () => {
    const res = await getAs(t.app, fx, url());
    expect(res.statusCode).toBe(200);
    const { values } = res.json().heatmap;
    // By hand: Sat 23 h = A4 A5 A6; Sun 2 h = A8 (CEST) + A9 (CET); Mon 13 h = A16 A17.
    expect(values[6][23]).toBe(3);
    expect(values[0][2]).toBe(2);
    expect(values[1][13]).toBe(2);
    expect(values[0][0]).toBe(1); // A7 at exactly local midnight
    expect(values.flat().reduce((a: number, b: number) => a + b, 0)).toBe(17);
    const oracle: number[][] = Array.from({ length: 7 }, () => Array(24).fill(0));
    for (const e of live(fx.events, P.from, P.to)) {
      const l = localParts(e.event_timestamp, TZ);
      const row = oracle[l.dow] as number[];
      row[l.hour] = (row[l.hour] ?? 0) + 1;
    }
    expect(values).toEqual(oracle);
  });

  it('channel mix per segment and preferred channels, by hand', async () => {
    const body = (await getAs(t.app, fx, url())).json();
    expect(body.channel_mix.by_segment).toEqual([
      { segment: 'enterprise', channels: { call: 1, email: 5, note: 2 } },
      { segment: 'smb', channels: { meeting: 1, sms: 1, call: 1, email: 2 } },
      { segment: 'unknown', channels: { task: 1, chat: 1, web_visit: 1, call: 1 } },
    ]);
    expect(body.channel_mix.overall).toEqual({
      call: 3,
      email: 7,
      note: 2,
      meeting: 1,
      sms: 1,
      task: 1,
      chat: 1,
      web_visit: 1,
    });
    // c1: email 2; c2: sms 1 / email 1 → tie → email; c3: chat 1 / web_visit 1 → chat; c4: call.
    const pref = Object.fromEntries(
      body.preferred_channels.customers.map((c: { customer_id: string; channel: string }) => [
        c.customer_id,
        c.channel,
      ]),
    );
    expect(pref).toEqual({
      [fx.customers.c1]: 'email',
      [fx.customers.c2]: 'email',
      [fx.customers.c3]: 'chat',
      [fx.customers.c4]: 'call',
    });
    expect(body.preferred_channels.customers_by_channel).toEqual({ email: 2, chat: 1, call: 1 });
  });

  it('median days between interactions per segment, by hand and by the oracle', async () => {
    const body = (await getAs(t.app, fx, url())).json();
    const seg = Object.fromEntries(
      body.interaction_frequency.by_segment.map((g: { segment: string; median_days: number }) => [
        g.segment,
        g,
      ]),
    );
    // enterprise (c1) gaps in hours: 23, 1/6, 1/3, 3, 1, 34.5, 0.75 → median 1 h.
    expect(seg.enterprise).toEqual({ segment: 'enterprise', customers: 1, gaps: 7, median_days: 0.0417 });
    // smb (c2) gaps: 10, 2, 30.5, 16 h → median 13 h.
    expect(seg.smb).toEqual({ segment: 'smb', customers: 1, gaps: 4, median_days: 0.5417 });
    // unknown: c3 gaps 10 h and 37 h 59 m 59 s; c4 has one event, no gap.
    expect(seg.unknown.customers).toBe(1);
    const events = live(fx.events, P.from, P.to);
    const all: number[] = [];
    for (const id of Object.values(fx.customers)) {
      const ts = events
        .filter((e) => e.customer_id === id)
        .map((e) => e.event_timestamp.getTime())
        .sort((a, b) => a - b);
      for (let i = 1; i < ts.length; i++) all.push(((ts[i] as number) - (ts[i - 1] as number)) / 86_400_000);
    }
    all.sort((a, b) => a - b);
    expect(body.interaction_frequency.overall.gaps).toBe(all.length);
    expect(body.interaction_frequency.overall.median_days).toBeCloseTo(percentile(all, 0.5) as number, 4);
    expect(seg.unknown.median_days).toBeCloseTo((10 + 37 + 59 / 60 + 59 / 3600) / 2 / 24, 4);
  });

  it('tz changes the heatmap; compare adds channel changes; bad tz → 400', async () => {
    const utc = (await getAs(t.app, fx, url('&tz=UTC'))).json();
    expect(utc.heatmap.values[6][22]).toBe(1); // A7: Sat 22:00 UTC (Sun 00:00 in Paris)
    const cmp = (await getAs(t.app, fx, url('&compare=previous'))).json();
    expect(cmp.channel_mix.overall_change.call).toEqual({ previous: 1, absolute: 2, relative: 2 });
    const bad = await getAs(t.app, fx, url('&tz=Nowhere/Land'));
    expect(bad.statusCode).toBe(400);
  });

  it('ties: events at one instant are 0 days apart; preferred channel ties go to the first name', async () => {
    const scope = scopeFor(t.db, randomUUID());
    const [a, b] = [randomUUID(), randomUUID()];
    await upsertCustomers(scope, [{ id: a, name: 'A', segment: 'x' }]); // b is not in the directory
    const T = Date.UTC(2025, 4, 5, 9);
    const ev = (customer_id: string, ms: number, event_type: string, direction = 'inbound') =>
      newEventRow({ customer_id, event_type, direction, event_timestamp: new Date(ms) });
    await insertEvents(scope, [
      // a: two pairs of simultaneous events a day apart; inbound sms 2 = chat 2 → chat.
      ev(a, T, 'sms'),
      ev(a, T, 'chat'),
      ev(a, T + 86_400_000, 'sms'),
      ev(a, T + 86_400_000, 'chat'),
      ev(a, T + 3_600_000, 'email', 'outbound'),
      // b: web_visit 1 = form_submission 1 → form_submission; gap 6 h.
      ev(b, T + 7_200_000, 'web_visit'),
      ev(b, T + 7_200_000 + 6 * 3_600_000, 'form_submission'),
    ]);
    const period = { from: new Date(T - 86_400_000), to: new Date(T + 7 * 86_400_000) };
    const gaps = await getInteractionGaps(scope, { filters: {}, visible: ALL_ROWS }, period);
    const by = Object.fromEntries(gaps.map((g) => [g.segment ?? 'all', g]));
    // a's gaps in hours: 0, 1 (to the outbound email), 23, 0 → median (0 + 1) / 2 h = 1/48 day.
    expect(by.x).toMatchObject({ segment: 'x', customers: 1, gaps: 4 });
    expect(by.x?.medianDays).toBeCloseTo(1 / 48, 10);
    expect(by.unknown).toEqual({ segment: 'unknown', customers: 1, gaps: 1, medianDays: 0.25 });
    // All gaps in days: 0, 0, 1/24, 0.25, 23/24 → median 1/24.
    expect(by.all?.gaps).toBe(5);
    expect(by.all?.medianDays).toBeCloseTo(1 / 24, 10);
    const preferred = await listPreferredChannels(scope, { filters: {}, visible: ALL_ROWS }, period, 1);
    expect(preferred.customersByChannel).toEqual({ chat: 1, form_submission: 1 });
    expect(preferred.customers).toEqual([
      { customerId: a, channel: 'chat', channelEvents: 2, inboundEvents: 4 },
    ]);
  });
});
