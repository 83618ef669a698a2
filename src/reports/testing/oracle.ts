/**
 * Report figures computed in plain TypeScript over the analytics fixture's events (no SQL, none of
 * the service's helpers but the fixture's oracles), for tests to compare the API against.
 */

import type { Seeded } from '../../analytics/test-support/fixture.js';
import {
  type FxEvent,
  firstReply,
  live,
  localParts,
  percentile,
} from '../../analytics/test-support/oracle.js';

/** KPI 7's success outcomes, restated here so a change there shows up as a failing test. */
const SUCCESS = ['connected', 'replied', 'meeting_booked', 'deal_won', 'resolved', 'completed'];
const WEEK_MS = 7 * 86_400_000;

const outcome = (e: FxEvent) => (e.event_data as { outcome?: string }).outcome ?? null;
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** Value of each events metric over a group of events. */
export function eventMetrics(g: FxEvent[]): Record<string, number | null> {
  const durations = g.flatMap((e) => (e.duration_minutes === null ? [] : [e.duration_minutes]));
  const withOutcome = g.filter((e) => outcome(e) !== null);
  const successes = g.filter((e) => SUCCESS.includes(outcome(e) ?? '')).length;
  const completed = g.filter((e) => e.status === 'completed').length;
  return {
    activities: g.length,
    inbound: g.filter((e) => e.direction === 'inbound').length,
    outbound: g.filter((e) => e.direction === 'outbound').length,
    customers: new Set(g.map((e) => e.customer_id)).size,
    completed,
    completion_rate: ratio(completed, g.length),
    with_outcome: withOutcome.length,
    successes,
    success_rate: ratio(successes, withOutcome.length),
    total_duration: durations.reduce((s, x) => s + x, 0),
    avg_duration: mean(durations),
    median_duration: percentile(sorted(durations), 0.5),
  };
}

export interface Pair {
  inbound: FxEvent;
  reply: FxEvent | null;
  minutes: number | null;
}

/** KPI 2's pairs: each live inbound event of [from, to) with its first reply within 7 days. */
export function pairsOf(fx: Seeded, from: string, to: string): Pair[] {
  return live(fx.events, from, to)
    .filter((e) => e.direction === 'inbound')
    .map((inbound) => {
      const reply = firstReply(fx.events, inbound, WEEK_MS);
      const minutes = reply
        ? (reply.event_timestamp.getTime() - inbound.event_timestamp.getTime()) / 60_000
        : null;
      return { inbound, reply, minutes };
    });
}

export function responseMetrics(g: Pair[]): Record<string, number | null> {
  const answered = sorted(g.flatMap((p) => (p.minutes === null ? [] : [p.minutes])));
  return { first_response_median: percentile(answered, 0.5), first_response_p90: percentile(answered, 0.9) };
}

/** A dimension's value of an event, as the API keys it (time buckets: local date in `tz`). */
export function eventKey(fx: Seeded, dim: string, e: FxEvent, tz: string): string {
  const teamOf = (user: string) =>
    user === fx.users.u3
      ? fx.teams.T2
      : user === fx.users.u1 || user === fx.users.u2
        ? fx.teams.T1
        : 'unknown';
  const segments: Record<string, string> = { [fx.customers.c1]: 'enterprise', [fx.customers.c2]: 'smb' };
  switch (dim) {
    case 'day':
      return localParts(e.event_timestamp, tz).date;
    case 'type':
      return e.event_type;
    case 'source':
      return e.event_source;
    case 'direction':
      return e.direction ?? 'unknown';
    case 'outcome':
      return outcome(e) ?? 'none';
    case 'status':
      return e.status;
    case 'priority':
      return e.priority;
    case 'user':
      return e.user_id;
    case 'team':
      return teamOf(e.user_id);
    case 'segment':
      return segments[e.customer_id] ?? 'unknown';
    default:
      throw new Error(`no oracle for ${dim}`);
  }
}

/** A pair's value of a dimension: the inbound event's bucket, type, source; the responder's user, team. */
export function pairKey(fx: Seeded, dim: string, p: Pair, tz: string): string | null {
  if (dim === 'user' || dim === 'team') return p.reply ? eventKey(fx, dim, p.reply, tz) : null;
  return eventKey(fx, dim, p.inbound, tz);
}

/** The API's raw key of a row in the oracle's terms (bucket starts as local dates). */
export const apiKey = (dim: string, key: string | null, tz: string) =>
  dim === 'day' && key !== null ? localParts(new Date(key), tz).date : key;
