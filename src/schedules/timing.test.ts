/** Slots in a schedule's zone: presets as cron, daylight-saving days, and no flood after downtime. */
import { describe, expect, it } from 'vitest';
import { assertCron, latestDueSlot, nextSlot, presetCron } from './timing.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The slots strictly after `from`, `n` of them. */
function slots(expr: string, zone: string, from: string, n: number): string[] {
  const out: string[] = [];
  let at: Date | null = new Date(from);
  for (let i = 0; i < n && at; i++) {
    at = nextSlot(expr, zone, at);
    if (at) out.push(at.toISOString());
  }
  return out;
}

describe('daily 02:30 Europe/Paris across daylight saving', () => {
  const daily = presetCron({ every: 'day', at: '02:30' });

  it('spring forward (29 March 2026, 02:00 → 03:00): one slot that day, at 03:00 CEST', () => {
    // 02:30 CET = 01:30Z before; the gap day at the first valid instant 03:00 CEST = 01:00Z; then 00:30Z.
    expect(slots(daily, 'Europe/Paris', '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('fall back (25 October 2026, 03:00 → 02:00): one slot that day, the first 02:30 (CEST)', () => {
    expect(slots(daily, 'Europe/Paris', '2026-10-23T12:00:00Z', 4)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
      '2026-10-27T01:30:00.000Z',
    ]);
  });

  it('exactly one slot per local day through both changes', () => {
    const days = slots(daily, 'Europe/Paris', '2026-03-01T00:00:00Z', 300).map((s) =>
      new Date(s).toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' }),
    );
    expect(new Set(days).size).toBe(days.length);
    // 300 consecutive local days from 1 March 2026: 1 March … 25 December.
    expect(days[0]).toBe('2026-03-01');
    expect(days.at(-1)).toBe('2026-12-25');
  });
});

describe('presets and cron', () => {
  it('weekly and monthly presets become cron (weekday 7 = Sunday = cron 0)', () => {
    expect(presetCron({ every: 'week', at: '08:05', weekday: 7 })).toBe('5 8 * * 0');
    expect(presetCron({ every: 'week', at: '17:00', weekday: 1 })).toBe('0 17 * * 1');
    expect(presetCron({ every: 'month', at: '00:00', day: 28 })).toBe('0 0 28 * *');
    // Monday 09:00 New York in winter = 14:00Z.
    expect(
      iso(
        nextSlot(
          presetCron({ every: 'week', at: '09:00', weekday: 1 }),
          'America/New_York',
          new Date('2026-01-01T00:00:00Z'),
        ),
      ),
    ).toBe('2026-01-05T14:00:00.000Z');
  });

  it('refuses malformed cron naming body.cron', () => {
    for (const bad of ['* * * *', '61 * * * *', 'every day', '* * * * * *']) {
      expect(() => assertCron(bad), bad).toThrow(/Invalid cron/);
    }
    expect(assertCron(' 0  9 * * 1-5 ')).toBe('0 9 * * 1-5');
  });
});

describe('slots missed while down', () => {
  it('only the latest due slot is delivered, not one per missed slot', () => {
    const hourly = '0 * * * *';
    const due = new Date('2026-05-01T00:00:00Z');
    // Down for three days: 72 slots passed; the latest at or before now is 2026-05-04T09:00Z.
    expect(iso(latestDueSlot(hourly, 'UTC', due, new Date('2026-05-04T09:17:00Z')))).toBe(
      '2026-05-04T09:00:00.000Z',
    );
    // Exactly at a slot: that slot.
    expect(iso(latestDueSlot(hourly, 'UTC', due, new Date('2026-05-04T09:00:00Z')))).toBe(
      '2026-05-04T09:00:00.000Z',
    );
    // Not yet due: nothing.
    expect(latestDueSlot(hourly, 'UTC', due, new Date('2026-04-30T23:59:59Z'))).toBeNull();
  });
});
