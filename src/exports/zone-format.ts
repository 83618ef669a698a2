/**
 * Instants written in a zone, a million times an export: ISO 8601 with the zone's offset (CSV,
 * PDF) and wall-clock dates (Excel). The offset comes from Intl (time/offsets.ts) once per UTC hour
 * whose first and last millisecond share it, kept as a span with its "+05:45" suffix; consecutive
 * rows of an export mostly fall in the span of the row before, which is checked first. An hour
 * holding a transition is computed row by row.
 */
import { offsetAt } from '../time/offsets.js';

const HOUR = 3_600_000;

interface Span {
  /** First and past-the-last UTC millisecond of the span. */
  from: number;
  to: number;
  /** local = utc + offset, in ms. */
  offset: number;
  /** The ISO suffix: "Z" for a zero offset, else "+hh:mm" / "-hh:mm". */
  suffix: string;
}

interface ZoneSpans {
  last: Span | undefined;
  byHour: Map<number, Span>;
}

/** Hour spans kept per zone before its map starts over (a few years of hours). */
const MAX_HOURS = 100_000;
const zones = new Map<string, ZoneSpans>();

const pad = (n: number) => String(n).padStart(2, '0');

function suffixOf(offset: number): string {
  if (offset === 0) return 'Z';
  const mins = Math.round(Math.abs(offset) / 60_000);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(mins / 60))}:${pad(mins % 60)}`;
}

function spanAt(zone: string, ms: number): Span {
  let z = zones.get(zone);
  if (!z) {
    z = { last: undefined, byHour: new Map() };
    zones.set(zone, z);
  }
  const last = z.last;
  if (last && ms >= last.from && ms < last.to) return last;
  if (zone === 'UTC') {
    z.last = { from: -Infinity, to: Infinity, offset: 0, suffix: 'Z' };
    return z.last;
  }
  const slot = Math.floor(ms / HOUR);
  let span = z.byHour.get(slot);
  if (!span) {
    const from = slot * HOUR;
    const offset = offsetAt(zone, from);
    if (offset !== offsetAt(zone, from + HOUR - 1)) {
      // A transition within this hour: this instant alone.
      const at = offsetAt(zone, ms);
      return { from: ms, to: ms + 1, offset: at, suffix: suffixOf(at) };
    }
    if (z.byHour.size >= MAX_HOURS) z.byHour.clear();
    span = { from, to: from + HOUR, offset, suffix: suffixOf(offset) };
    z.byHour.set(slot, span);
  }
  z.last = span;
  return span;
}

const msOf = (value: Date | string) => (value instanceof Date ? value.getTime() : Date.parse(value));

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
export const offsetIn = (zone: string, ms: number): number => spanAt(zone, ms).offset;

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-03-29T03:30:00.000+02:00. */
export function isoInZone(value: Date | string, zone: string): string {
  const ms = msOf(value);
  const span = spanAt(zone, ms);
  if (span.offset === 0) return new Date(ms).toISOString();
  return new Date(ms + span.offset).toISOString().slice(0, 23) + span.suffix;
}

/** A Date whose UTC fields are the wall-clock time in `zone` (spreadsheets have no zones). */
export function wallClock(value: Date | string, zone: string): Date {
  const ms = msOf(value);
  return new Date(ms + spanAt(zone, ms).offset);
}
