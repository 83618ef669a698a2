/**
 * The heatmap and the channel mix come from the analytics replica, local time from the period's
 * UTC offsets (no ICU per row). On random events, deletions and segment changes, both equal a
 * plain TypeScript count over the events (local weekday and hour by Intl), whatever the zone
 * (DST changes inside the period), period edges and filter.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { saveCompanySettings } from '../../company/queries.js';
import { scopeFor } from '../../db/scope.js';
import { upsertCustomers } from '../../directory/queries.js';
import { insertEvents, type NewEvent, updateEvent } from '../../events/queries/write-events.js';
import { describeEngines } from '../../test/engines.js';
import { newEventRow } from '../../test/factories.js';
import { ALL_ROWS } from '../../visibility/testing/all-rows.js';
import { getChannelMixBySegment } from './get-channel-mix.js';
import { getHeatmap } from './get-heatmap.js';

const BASE = Date.UTC(2025, 9, 20); // the period crosses the 26 Oct (Europe) and 2 Nov (US) DST changes
const CUSTOMERS = [randomUUID(), randomUUID(), randomUUID()];
const SEGMENTS = ['Enterprise', 'SMB', null] as const;

const eventArb = fc.record({
  minute: fc.integer({ min: 0, max: 16 * 1440 }),
  type: fc.constantFrom('call', 'email', 'meeting'),
  customer: fc.integer({ min: 0, max: 2 }),
  deleted: fc.boolean(),
});

/** Local weekday (0 = Sunday) and hour of an instant in a zone, by Intl: independent of SQL. */
function localDowHour(ms: number, tz: string): [number, number] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const wd = parts.find((p) => p.type === 'weekday')?.value ?? '';
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  return [['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(wd), hour];
}

describeEngines('heatmap and channel mix', (t) => {
  it('equal a count over the events in TypeScript (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'),
        fc.integer({ min: 0, max: 3 * 1440 }),
        fc.integer({ min: 30, max: 14 * 1440 }),
        fc.constantFrom('none', 'type', 'segment', 'customer'),
        fc.boolean(),
        async (specs, tz, startMin, lengthMin, filter, moveSegment) => {
          const scope = scopeFor(t.db, randomUUID());
          await saveCompanySettings(scope, { name: 'P', timezone: 'Europe/Paris' });
          const segments: Array<string | null> = [...SEGMENTS];
          await upsertCustomers(
            scope,
            CUSTOMERS.map((id, i) => ({ id, name: `C${i}`, segment: segments[i] ?? null })),
          );
          const events: NewEvent[] = specs.map((s) =>
            newEventRow({
              customer_id: CUSTOMERS[s.customer] as string,
              user_id: CUSTOMERS[0] as string,
              event_type: s.type,
              event_source: 'api',
              event_timestamp: new Date(BASE + s.minute * 60_000),
            }),
          );
          await insertEvents(scope, events);
          for (const [i, s] of specs.entries()) {
            if (s.deleted) await updateEvent(scope, events[i]?.id as string, { is_deleted: true });
          }
          if (moveSegment) {
            segments[0] = 'SMB';
            await upsertCustomers(scope, [{ id: CUSTOMERS[0] as string, name: 'C0', segment: 'SMB' }]);
          }
          const filters: Record<string, string[]> = {};
          if (filter === 'type') filters.type = ['call', 'meeting'];
          if (filter === 'segment') filters.segment = ['SMB'];
          if (filter === 'customer') filters.customer_id = [CUSTOMERS[1] as string];
          const period = {
            from: new Date(BASE + startMin * 60_000),
            to: new Date(BASE + (startMin + lengthMin) * 60_000),
          };
          const p = { filters, visible: ALL_ROWS, tz };

          const kept = specs
            .map((s, i) => ({ ...s, ts: events[i]?.event_timestamp.getTime() as number }))
            .filter((e) => !e.deleted && e.ts >= period.from.getTime() && e.ts < period.to.getTime())
            .filter((e) => (filters.type ? filters.type.includes(e.type) : true))
            .filter((e) => (filters.segment ? segments[e.customer] === 'SMB' : true))
            .filter((e) => (filters.customer_id ? e.customer === 1 : true));
          const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
          const overall: Record<string, number> = {};
          const bySegment: Record<string, Record<string, number>> = {};
          for (const e of kept) {
            const [dow, hour] = localDowHour(e.ts, tz);
            (heat[dow] as number[])[hour] = ((heat[dow] as number[])[hour] ?? 0) + 1;
            overall[e.type] = (overall[e.type] ?? 0) + 1;
            const seg = segments[e.customer] ?? 'unknown';
            bySegment[seg] ??= {};
            (bySegment[seg] as Record<string, number>)[e.type] = (bySegment[seg]?.[e.type] ?? 0) + 1;
          }
          expect(await getHeatmap(scope, p, period)).toEqual(heat);
          expect(await getChannelMixBySegment(scope, p, period)).toEqual({ overall, bySegment });
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);

  it('ranges of several years (a dozen DST changes) give the exact matrix', async () => {
    const scope = scopeFor(t.db, randomUUID());
    await saveCompanySettings(scope, { name: 'P', timezone: 'Europe/Paris' });
    const times = [Date.UTC(2021, 2, 28, 0, 30), Date.UTC(2023, 9, 29, 0, 30), Date.UTC(2025, 9, 26, 1, 15)];
    await insertEvents(
      scope,
      times.map((ms) => newEventRow({ event_timestamp: new Date(ms) })),
    );
    const p = { filters: {}, visible: ALL_ROWS, tz: 'Europe/Paris' };
    const long = { from: new Date(Date.UTC(2020, 0, 1)), to: new Date(Date.UTC(2026, 0, 1)) }; // 52k hours
    const short = { from: new Date(Date.UTC(2021, 0, 1)), to: new Date(Date.UTC(2026, 0, 1)) }; // 43.8k hours
    const expected = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    for (const ms of times) {
      const [dow, hour] = localDowHour(ms, 'Europe/Paris');
      (expected[dow] as number[])[hour] = ((expected[dow] as number[])[hour] ?? 0) + 1;
    }
    expect(await getHeatmap(scope, p, long)).toEqual(expected);
    expect(await getHeatmap(scope, p, short)).toEqual(expected);
  }, 60_000);
});
