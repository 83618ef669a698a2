import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarRange,
  daysAgo,
  localFields,
  snapRange,
  startOfDay,
  zonedTime,
} from './local-calendar.js';

const iso = (ms: number) => new Date(ms).toISOString();
const NY = 'America/New_York';

describe('local calendar in a named zone', () => {
  it('reads wall-clock fields and builds instants across a DST change (New York, 2026-03-08)', () => {
    // 01:30 EST is 06:30Z; 03:30 EDT (after the 02:00 jump) is 07:30Z.
    expect(localFields(Date.parse('2026-03-08T06:30:00Z'), NY)).toEqual({
      year: 2026,
      month: 3,
      day: 8,
      hour: 1,
      weekday: 7,
    });
    expect(iso(zonedTime(NY, 2026, 3, 8, 3))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(startOfDay(Date.parse('2026-03-08T20:00:00Z'), NY))).toBe('2026-03-08T05:00:00.000Z');
    // The day after the change starts at 04:00Z: that day was 23 hours long.
    expect(iso(addDays(Date.parse('2026-03-08T20:00:00Z'), 1, NY))).toBe('2026-03-09T04:00:00.000Z');
  });

  it('counts calendar days, not 24-hour spans', () => {
    const now = Date.parse('2026-05-04T04:30:00Z'); // 00:30 on Monday 4 May in New York
    expect(daysAgo(Date.parse('2026-05-04T04:10:00Z'), now, NY)).toBe(0);
    expect(daysAgo(Date.parse('2026-05-04T03:50:00Z'), now, NY)).toBe(1); // 23:50 Sunday
    expect(daysAgo(Date.parse('2026-05-01T12:00:00Z'), now, NY)).toBe(3);
    // The same instants in UTC fall on other days.
    expect(daysAgo(Date.parse('2026-05-04T03:50:00Z'), now, 'UTC')).toBe(0);
  });

  it('resolves the calendar presets in the zone (weeks from Monday, quarters from Jan/Apr/Jul/Oct)', () => {
    const now = Date.parse('2026-05-06T15:00:00Z'); // Wednesday 6 May, 11:00 in New York (EDT, UTC-4)
    const r = (p: Parameters<typeof calendarRange>[0]) => {
      const { from, to } = calendarRange(p, now, NY);
      return [iso(from), iso(to)];
    };
    expect(r('today')).toEqual(['2026-05-06T04:00:00.000Z', '2026-05-07T04:00:00.000Z']);
    expect(r('yesterday')).toEqual(['2026-05-05T04:00:00.000Z', '2026-05-06T04:00:00.000Z']);
    expect(r('this_week')).toEqual(['2026-05-04T04:00:00.000Z', '2026-05-11T04:00:00.000Z']);
    expect(r('last_week')).toEqual(['2026-04-27T04:00:00.000Z', '2026-05-04T04:00:00.000Z']);
    expect(r('this_month')).toEqual(['2026-05-01T04:00:00.000Z', '2026-06-01T04:00:00.000Z']);
    expect(r('last_month')).toEqual(['2026-04-01T04:00:00.000Z', '2026-05-01T04:00:00.000Z']);
    // January starts in EST (UTC-5): last month of 15 Jan is December, from 05:00Z.
    expect(r('this_quarter')).toEqual(['2026-04-01T04:00:00.000Z', '2026-07-01T04:00:00.000Z']);
    const january = calendarRange('last_month', Date.parse('2026-01-15T12:00:00Z'), NY);
    expect([iso(january.from), iso(january.to)]).toEqual([
      '2025-12-01T05:00:00.000Z',
      '2026-01-01T05:00:00.000Z',
    ]);
  });

  it('snaps a dragged window outwards to whole local days, or hours when under two days', () => {
    const days = snapRange(Date.parse('2026-05-02T10:17:00Z'), Date.parse('2026-05-05T01:00:00Z'), NY);
    // 06:17 on 2 May → midnight 2 May; 21:00 on 4 May → midnight 5 May (New York).
    expect([iso(days.from), iso(days.to)]).toEqual(['2026-05-02T04:00:00.000Z', '2026-05-05T04:00:00.000Z']);
    const hours = snapRange(Date.parse('2026-05-02T10:17:00Z'), Date.parse('2026-05-02T13:05:00Z'), NY);
    expect([iso(hours.from), iso(hours.to)]).toEqual([
      '2026-05-02T10:00:00.000Z',
      '2026-05-02T14:00:00.000Z',
    ]);
    // A window already on day boundaries stays as it is.
    const exact = snapRange(Date.parse('2026-05-02T04:00:00Z'), Date.parse('2026-05-05T04:00:00Z'), NY);
    expect([iso(exact.from), iso(exact.to)]).toEqual([
      '2026-05-02T04:00:00.000Z',
      '2026-05-05T04:00:00.000Z',
    ]);
  });
});
