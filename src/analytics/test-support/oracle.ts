/**
 * Plain-TypeScript answers over fixture events, written without SQL or the service's helpers, so
 * the tests compare two independent computations. Local calendar parts come from Intl.
 */
import type { Seeded } from './fixture.js';

export type FxEvent = Seeded['events'][number];

/** Local wall-clock parts of an instant in a zone. */
export function localParts(at: Date, tz: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const dow = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    dow,
  };
}

export const live = (events: FxEvent[], from: string, to: string) =>
  events.filter(
    (e) =>
      !e.is_deleted &&
      e.event_timestamp.getTime() >= Date.parse(from) &&
      e.event_timestamp.getTime() < Date.parse(to),
  );

/** Counts per local day × key. */
export function volumeByDay(events: FxEvent[], tz: string, key: (e: FxEvent) => string) {
  const out: Record<string, Record<string, number>> = {};
  for (const e of events) {
    const day = localParts(e.event_timestamp, tz).date;
    const k = key(e);
    out[day] ??= {};
    out[day][k] = (out[day][k] ?? 0) + 1;
  }
  return out;
}

/** Linear-interpolated percentile (PostgreSQL's percentile_cont) of sorted values. */
export function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/** First later outbound to the same customer (same thread when the inbound has one), within `windowMs`. */
export function firstReply(events: FxEvent[], inbound: FxEvent, windowMs: number): FxEvent | null {
  const thread = (inbound.event_data as { thread_id?: string }).thread_id;
  const t = inbound.event_timestamp.getTime();
  const candidates = events
    .filter(
      (o) =>
        !o.is_deleted &&
        o.direction === 'outbound' &&
        o.customer_id === inbound.customer_id &&
        (thread === undefined || (o.event_data as { thread_id?: string }).thread_id === thread) &&
        o.event_timestamp.getTime() > t &&
        o.event_timestamp.getTime() <= t + windowMs,
    )
    .sort((a, b) => a.event_timestamp.getTime() - b.event_timestamp.getTime());
  return candidates[0] ?? null;
}

/** Business minutes between two instants, stepping minute by minute through the working calendar. */
export function businessMinutesByStepping(
  a: Date,
  b: Date,
  tz: string,
  cal: { days: number[]; start: string; end: string },
): number {
  const [sh, sm] = cal.start.split(':').map(Number) as [number, number];
  const [eh, em] = cal.end.split(':').map(Number) as [number, number];
  let n = 0;
  for (let t = a.getTime(); t < b.getTime(); t += 60_000) {
    const p = localParts(new Date(t), tz);
    const m = p.hour * 60 + p.minute;
    if (cal.days.includes(p.dow) && m >= sh * 60 + sm && m < eh * 60 + em) n++;
  }
  return n;
}
