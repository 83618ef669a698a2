/**
 * Business minutes equal a brute-force count: every 30 seconds of [a, b) whose local weekday and
 * time (by Intl) fall in the working calendar: across DST changes, and in Africa/Monrovia around
 * its 1972 change from −0:44:30 (not on a quarter hour, where the clock's offset cache steps aside).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '../db/types.js';
import { createBusinessClock } from './business-minutes.js';

const STEP = 30_000;

function bruteForce(a: number, b: number, tz: string, cal: WorkingCalendar): number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  let steps = 0;
  for (let t = a; t < b; t += STEP) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    const clock = `${p.hour}:${p.minute}:${p.second}`;
    if (
      cal.days.includes(days.indexOf(p.weekday ?? '')) &&
      clock >= `${cal.start}:00` &&
      clock < `${cal.end}:00`
    )
      steps++;
  }
  return (steps * STEP) / 60_000;
}

describe('business minutes', () => {
  const cases: Array<[string, number]> = [
    ['Europe/Paris', Date.UTC(2025, 2, 27)], // spring forward 30 Mar 2025
    ['America/New_York', Date.UTC(2025, 9, 30)], // fall back 2 Nov 2025
    ['Africa/Monrovia', Date.UTC(1972, 0, 4)], // −0:44:30 → 0:00 on 7 Jan 1972
  ];
  for (const [tz, base] of cases) {
    it(`equal a count every 30 s in ${tz}`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 6 * 2880 }),
          fc.integer({ min: 0, max: 3 * 2880 }),
          fc.constantFrom<WorkingCalendar>(
            { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
            { days: [0, 5, 6], start: '08:30', end: '20:15' },
          ),
          (startSteps, lengthSteps, cal) => {
            const a = base + startSteps * STEP;
            const b = a + lengthSteps * STEP;
            const clock = createBusinessClock(tz, cal);
            expect(clock(new Date(a), new Date(b))).toBe(bruteForce(a, b, tz, cal));
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});
