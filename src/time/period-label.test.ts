import { describe, expect, it } from 'vitest';
import { formatInstant, formatPeriod } from './period-label.js';

const NY = 'America/New_York';

describe('formatPeriod: one human line for a period, in its zone', () => {
  it('whole local days read as days, the exclusive end as the last day included', () => {
    // Nov 7 00:00 EST is 05:00Z; the end is Dec 7 00:00 EST, so Dec 6 is the last day.
    expect(formatPeriod({ from: '2026-11-07T05:00:00.000Z', to: '2026-12-07T05:00:00.000Z', tz: NY })).toBe(
      'Nov 7 – Dec 6, 2026 (America/New_York)',
    );
    // One whole day names that day once.
    expect(formatPeriod({ from: '2026-12-06T05:00:00Z', to: '2026-12-07T05:00:00Z', tz: NY })).toBe(
      'Dec 6, 2026 (America/New_York)',
    );
  });

  it('names a relative period first', () => {
    expect(
      formatPeriod({
        from: new Date('2026-11-07T05:00:00Z'),
        to: new Date('2026-12-07T05:00:00Z'),
        tz: NY,
        name: 'Last 30 days',
      }),
    ).toBe('Last 30 days: Nov 7 – Dec 6, 2026 (America/New_York)');
  });

  it('across a DST change: days start at local midnight whatever their length', () => {
    // Mar 1 00:00 EST = 05:00Z; Mar 15 00:00 EDT = 04:00Z (the clocks went forward on Mar 8).
    expect(formatPeriod({ from: '2026-03-01T05:00:00Z', to: '2026-03-15T04:00:00Z', tz: NY })).toBe(
      'Mar 1 – Mar 14, 2026 (America/New_York)',
    );
    // 05:00Z after the change is 1 AM EDT: not a day boundary, so its time shows.
    expect(formatPeriod({ from: '2026-03-01T05:00:00Z', to: '2026-03-15T05:00:00Z', tz: NY })).toBe(
      'Mar 1, 12:00 AM – Mar 15, 2026, 1:00 AM (America/New_York)',
    );
    // The 23-hour day of the change is one whole day.
    expect(formatPeriod({ from: '2026-03-08T05:00:00Z', to: '2026-03-09T04:00:00Z', tz: NY })).toBe(
      'Mar 8, 2026 (America/New_York)',
    );
  });

  it('in a half-hour zone, the days of that zone', () => {
    // Dec 1 00:00 IST (+05:30) is Nov 30 18:30Z; Jan 1 2027 00:00 IST is Dec 31 18:30Z.
    const p = { from: '2026-11-30T18:30:00Z', to: '2026-12-31T18:30:00Z' };
    expect(formatPeriod({ ...p, tz: 'Asia/Kolkata' })).toBe('Dec 1 – Dec 31, 2026 (Asia/Kolkata)');
    // The same instants in UTC are mid-day.
    expect(formatPeriod({ ...p, tz: 'UTC' })).toBe('Nov 30, 6:30 PM – Dec 31, 2026, 6:30 PM (UTC)');
  });

  it('across a year boundary, the year on both sides', () => {
    expect(formatPeriod({ from: '2025-12-20T00:00:00Z', to: '2026-01-04T00:00:00Z', tz: 'UTC' })).toBe(
      'Dec 20, 2025 – Jan 3, 2026 (UTC)',
    );
    // A whole year ending at the next one's first midnight stays in its year.
    expect(formatPeriod({ from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', tz: 'UTC' })).toBe(
      'Jan 1 – Dec 31, 2026 (UTC)',
    );
    expect(formatPeriod({ from: '2026-12-31T23:00:00Z', to: '2027-01-01T11:00:00Z', tz: 'UTC' })).toBe(
      'Dec 31, 2026, 11:00 PM – Jan 1, 2027, 11:00 AM (UTC)',
    );
  });

  it('partial days show their times (a rolling window ends now)', () => {
    expect(
      formatPeriod({
        from: '2026-11-07T08:02:41.123Z',
        to: '2026-12-07T08:02:41.123Z',
        tz: NY,
        name: 'Last 30 days',
      }),
    ).toBe('Last 30 days: Nov 7, 3:02 AM – Dec 7, 2026, 3:02 AM (America/New_York)');
    // Within one day: the day once, then both times.
    expect(formatPeriod({ from: '2026-12-07T14:00:00Z', to: '2026-12-07T19:15:00Z', tz: NY })).toBe(
      'Dec 7, 2026, 9:00 AM – 2:15 PM (America/New_York)',
    );
    // From a midnight to a time: the midnight shows as 12:00 AM.
    expect(formatPeriod({ from: '2026-12-07T05:00:00Z', to: '2026-12-07T17:00:00Z', tz: NY })).toBe(
      'Dec 7, 2026, 12:00 AM – 12:00 PM (America/New_York)',
    );
  });
});

describe('formatInstant: one end of an open period', () => {
  it('a local midnight as a day, another instant with its time', () => {
    expect(formatInstant('2026-03-08T05:00:00Z', NY)).toBe('Mar 8, 2026');
    expect(formatInstant('2026-03-08T08:00:00Z', NY)).toBe('Mar 8, 2026, 4:00 AM');
    expect(formatInstant('2026-03-08T08:00:00Z', 'Asia/Kolkata')).toBe('Mar 8, 2026, 1:30 PM');
  });
});
