/**
 * Minutes between two instants that fall inside a working calendar (days of week 0=Sun..6, local
 * start–end, in the company's zone). DST-correct: each local day's window is converted to instants
 * on its own. Windows are cached per local date, because response pairs share days.
 */
import type { WorkingCalendar } from '../db/types.js';
import { offsetAt } from '../time/offsets.js';

const DAY_MS = 86_400_000;
/** Zone offsets change at most once in a quarter hour (transitions fall on :00, :15, :30 or :45). */
const SLOT_MS = 900_000;

export function createBusinessClock(tz: string, cal: WorkingCalendar) {
  const [sh = 0, sm = 0] = cal.start.split(':').map(Number);
  const [eh = 0, em = 0] = cal.end.split(':').map(Number);
  const windows = new Map<number, [number, number] | null>();
  // Intl is the slow part (two calls per pair); the offset is cached per quarter-hour slot when it is
  // the same at both ends of the slot, i.e. no transition inside it (pre-1972 zones had odd ones).
  const slots = new Map<number, number | null>();
  const offset = (t: number) => {
    const slot = Math.floor(t / SLOT_MS);
    let o = slots.get(slot);
    if (o === undefined) {
      const first = offsetAt(tz, slot * SLOT_MS);
      o = first === offsetAt(tz, slot * SLOT_MS + SLOT_MS - 1000) ? first : null;
      slots.set(slot, o);
    }
    return o ?? offsetAt(tz, t);
  };

  /** Local wall-clock time (as a UTC-based ms count) → instant; a time skipped by DST moves forward. */
  const toInstant = (wall: number) => {
    const first = wall - offsetAt(tz, wall);
    return wall - offsetAt(tz, first);
  };
  /** Local civil day (ms at 00:00 "UTC" of that date) of an instant. */
  const civilDay = (t: number) => {
    const wall = t + offset(t);
    return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
  };
  const windowOf = (day: number) => {
    let w = windows.get(day);
    if (w === undefined) {
      const open = cal.days.includes(new Date(day).getUTCDay());
      w = open ? [toInstant(day + (sh * 60 + sm) * 60_000), toInstant(day + (eh * 60 + em) * 60_000)] : null;
      windows.set(day, w);
    }
    return w;
  };

  /** Business minutes in [a, b). */
  return function businessMinutes(a: Date, b: Date): number {
    const start = a.getTime();
    const end = b.getTime();
    if (end <= start) return 0;
    let ms = 0;
    for (let day = civilDay(start); day <= civilDay(end); day += DAY_MS) {
      const w = windowOf(day);
      if (w) ms += Math.max(0, Math.min(end, w[1]) - Math.max(start, w[0]));
    }
    return ms / 60_000;
  };
}
