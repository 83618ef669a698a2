/**
 * Calendar arithmetic in a named zone for the web app (date presets, day headers, snapping the
 * overview strip to whole local days), independent of the browser's own zone. Offsets come from
 * Intl (offsets.ts), so DST days have their true length. No Node built-ins: the web app imports it.
 */
import { offsetAt } from './offsets.js';

const DAY_MS = 86_400_000;

/** The wall-clock fields of an instant in `zone` (weekday ISO: Monday = 1). */
export function localFields(ms: number, zone: string) {
  const local = new Date(ms + offsetAt(zone, ms));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    weekday: ((local.getUTCDay() + 6) % 7) + 1,
  };
}

/**
 * The instant of a wall-clock time in `zone`. Two passes settle the offset; a time skipped by a
 * DST gap resolves to the instant just after the gap.
 */
export function zonedTime(zone: string, year: number, month: number, day: number, hour = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour);
  let at = wall - offsetAt(zone, wall);
  at = wall - offsetAt(zone, at);
  return at;
}

/** Start of the local day of `ms` in `zone`. */
export function startOfDay(ms: number, zone: string): number {
  const f = localFields(ms, zone);
  return zonedTime(zone, f.year, f.month, f.day);
}

/** Start of the local day `days` calendar days after the day of `ms` (negative: before). */
export function addDays(ms: number, days: number, zone: string): number {
  const f = localFields(ms, zone);
  return zonedTime(zone, f.year, f.month, f.day + days);
}

/** Whole calendar days from the local day of `ms` to that of `now` (0 today, 1 yesterday). */
export function daysAgo(ms: number, now: number, zone: string): number {
  const a = localFields(ms, zone);
  const b = localFields(now, zone);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

export const CALENDAR_PRESETS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
] as const;
export type CalendarPreset = (typeof CALENDAR_PRESETS)[number];

/** [from, to) of a calendar period around `now` in `zone` (weeks start on Monday). */
export function calendarRange(
  preset: CalendarPreset,
  now: number,
  zone: string,
): { from: number; to: number } {
  const f = localFields(now, zone);
  const at = (y: number, m: number, d: number) => zonedTime(zone, y, m, d);
  const monday = f.day - (f.weekday - 1);
  const quarter = Math.floor((f.month - 1) / 3) * 3 + 1;
  switch (preset) {
    case 'today':
      return { from: at(f.year, f.month, f.day), to: at(f.year, f.month, f.day + 1) };
    case 'yesterday':
      return { from: at(f.year, f.month, f.day - 1), to: at(f.year, f.month, f.day) };
    case 'this_week':
      return { from: at(f.year, f.month, monday), to: at(f.year, f.month, monday + 7) };
    case 'last_week':
      return { from: at(f.year, f.month, monday - 7), to: at(f.year, f.month, monday) };
    case 'this_month':
      return { from: at(f.year, f.month, 1), to: at(f.year, f.month + 1, 1) };
    case 'last_month':
      return { from: at(f.year, f.month - 1, 1), to: at(f.year, f.month, 1) };
    case 'this_quarter':
      return { from: at(f.year, quarter, 1), to: at(f.year, quarter + 3, 1) };
  }
}

/**
 * A dragged window snapped outwards to whole local days (to whole local hours when it spans less
 * than two days, so the strip can still zoom into one day's hours).
 */
export function snapRange(from: number, to: number, zone: string): { from: number; to: number } {
  if (to - from < 2 * DAY_MS) {
    const a = localFields(from, zone);
    const b = localFields(to - 1, zone);
    return {
      from: zonedTime(zone, a.year, a.month, a.day, a.hour),
      to: zonedTime(zone, b.year, b.month, b.day, b.hour + 1),
    };
  }
  return { from: startOfDay(from, zone), to: addDays(to - 1, 1, zone) };
}
