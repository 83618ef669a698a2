/**
 * One human line for a period, e.g. "Last 30 days: Nov 7 – Dec 6, 2026 (America/New_York)": the
 * report runs' subtitles, the dashboards' and digests' documents and emails all say it this way.
 * Dates are read in the period's zone; whole local days read as days, an exclusive end as the last
 * day it includes; a boundary inside a day shows its time. No Node built-ins: the web app may import it.
 */
import { offsetAt } from './offsets.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Wall {
  year: number;
  /** "Nov 7" */
  day: string;
  /** "9:30 AM", or null at local midnight. */
  time: string | null;
}

/** The wall-clock date and time of an instant in `zone`. */
function wallAt(ms: number, zone: string): Wall {
  const local = new Date(ms + offsetAt(zone, ms));
  const h = local.getUTCHours();
  const m = local.getUTCMinutes();
  const midnight = h === 0 && m === 0 && local.getUTCSeconds() === 0 && local.getUTCMilliseconds() === 0;
  return {
    year: local.getUTCFullYear(),
    day: `${MONTHS[local.getUTCMonth()]} ${local.getUTCDate()}`,
    time: midnight ? null : `${h % 12 || 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`,
  };
}

/** "Nov 7 – Dec 6, 2026": the year once when both sides share it. */
function span(a: { year: number; text: string }, b: { year: number; text: string }, sameDay: boolean) {
  if (sameDay) return `${a.text}, ${a.year}`;
  return a.year === b.year
    ? `${a.text} – ${b.text}, ${b.year}`
    : `${a.text}, ${a.year} – ${b.text}, ${b.year}`;
}

export interface PeriodToLabel {
  /** Inclusive start (ISO instant or Date). */
  from: string | Date;
  /** Exclusive end. */
  to: string | Date;
  /** IANA zone the dates are read in. */
  tz: string;
  /** A relative period's name ("Last 30 days"), put first. */
  name?: string;
}

export function formatPeriod({ from, to, tz, name }: PeriodToLabel): string {
  const start = new Date(from).getTime();
  const end = new Date(to).getTime();
  const a = wallAt(start, tz);
  const b = wallAt(end, tz);
  let dates: string;
  if (a.time === null && b.time === null) {
    // Whole days: the exclusive end's midnight belongs to the next day; name the last one included.
    const last = wallAt(end - 1, tz);
    dates = span(
      { year: a.year, text: a.day },
      { year: last.year, text: last.day },
      a.year === last.year && a.day === last.day,
    );
  } else if (a.year === b.year && a.day === b.day) {
    dates = `${a.day}, ${a.year}, ${a.time ?? '12:00 AM'} – ${b.time}`;
  } else {
    const at = (w: Wall) => `${w.day}, ${w.year}, ${w.time ?? '12:00 AM'}`;
    dates = a.year === b.year ? `${a.day}, ${a.time ?? '12:00 AM'} – ${at(b)}` : `${at(a)} – ${at(b)}`;
  }
  return `${name ? `${name}: ` : ''}${dates} (${tz})`;
}

/** One instant in `tz`: "Nov 7, 2026" at local midnight, else "Nov 7, 2026, 3:02 AM" (no zone). */
export function formatInstant(at: string | Date, tz: string): string {
  const w = wallAt(new Date(at).getTime(), tz);
  return `${w.day}, ${w.year}${w.time ? `, ${w.time}` : ''}`;
}
