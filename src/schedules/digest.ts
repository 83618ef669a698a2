/**
 * The timeline digest: what happened since the last digest for one customer, a segment's
 * customers or a team — counts by channel (activity type), notable events (high or urgent
 * priority, negative sentiment, an outcome), inbound messages with no reply since, and activities
 * scheduled in the next days. Events are read through the timeline's own read layer
 * (listTimelineEvents with the viewer's visible rows, then presentEvent), so whatever that layer
 * hides or redacts is hidden or redacted here too.
 */
import type { Scope } from '../db/scope.js';
import type { CursorPosition } from '../events/cursor.js';
import type { TimelineFilters } from '../events/filters.js';
import { presentEvent } from '../events/presenter.js';
import { listTimelineEvents } from '../events/queries/list-events.js';
import type { Event } from '../events/schema.js';
import type { ReadScope } from '../visibility/policy.js';
import type { DigestTarget } from './schema.js';

/** Most events one digest reads in its window; beyond it the digest says it is truncated. */
export const DIGEST_MAX_EVENTS = 20_000;
const LISTED = 25;
const MESSAGE_TYPES = new Set(['email', 'sms', 'chat', 'social', 'call']);

export interface DigestItem {
  id: string;
  at: string;
  type: string;
  title: string;
  customer_id: string;
  customer_name: string | null;
  user_name: string | null;
  priority: string | null;
  sentiment: string | null;
  direction: string | null;
  status: string | null;
  outcome: string | null;
  why: string[];
}

export interface Digest {
  kind: 'digest';
  subject: { kind: 'customer' | 'segment' | 'team'; id: string; name: string };
  window: { from: string; to: string; upcoming_to: string };
  counts: { events: number; by_channel: Record<string, number> };
  notable: DigestItem[];
  unanswered: DigestItem[];
  upcoming: DigestItem[];
  totals: { notable: number; unanswered: number; upcoming: number };
  truncated: boolean;
}

export interface DigestWindow {
  from: Date;
  to: Date;
  upcomingTo: Date;
}

export function subjectFilter(t: DigestTarget): Partial<TimelineFilters> {
  if (t.customer_id) return { customer_id: [t.customer_id] };
  if (t.team_id) return { team_id: [t.team_id] };
  return { segment: [t.segment as string] };
}

async function readAll(scope: Scope, filters: TimelineFilters, visible: ReadScope, max: number) {
  const events: Event[] = [];
  let after: CursorPosition | undefined;
  for (;;) {
    const page = await listTimelineEvents(scope, { filters, order: 'asc', limit: 500, after, visible });
    events.push(...page.rows.map((row) => presentEvent(row, visible.reader)));
    if (!page.next || events.length >= max) return { events: events.slice(0, max), more: page.more };
    after = page.next;
  }
}

const outcomeOf = (e: Event) => {
  const o = (e.event_data as Record<string, unknown> | null)?.outcome;
  return typeof o === 'string' ? o : null;
};

function item(e: Event, why: string[]): DigestItem {
  return {
    id: e.id,
    at: e.event_timestamp,
    type: e.event_type,
    title: e.event_title,
    customer_id: e.customer_id,
    customer_name: e.customer_name,
    user_name: e.user_name,
    priority: e.priority ?? null,
    sentiment: e.sentiment ?? null,
    direction: e.direction ?? null,
    status: e.status ?? null,
    outcome: outcomeOf(e),
    why,
  };
}

function notableWhy(e: Event): string[] {
  const why: string[] = [];
  if (e.priority === 'high' || e.priority === 'urgent') why.push(`${e.priority} priority`);
  if (e.sentiment === 'negative') why.push('negative sentiment');
  const outcome = outcomeOf(e);
  if (outcome) why.push(`outcome: ${outcome}`);
  return why;
}

/** Inbound messages with no outbound activity to the same customer after them (within the window). */
function unanswered(events: Event[]): Event[] {
  const lastOutbound = new Map<string, string>();
  for (const e of events)
    if (e.direction === 'outbound' && (lastOutbound.get(e.customer_id) ?? '') < e.event_timestamp)
      lastOutbound.set(e.customer_id, e.event_timestamp);
  return events.filter(
    (e) =>
      e.direction === 'inbound' &&
      MESSAGE_TYPES.has(e.event_type) &&
      (lastOutbound.get(e.customer_id) ?? '') <= e.event_timestamp,
  );
}

/** The digest of `target` over `w`, as the viewer with `visible` rows may see it. */
export async function buildDigest(
  scope: Scope,
  target: DigestTarget,
  subject: Digest['subject'],
  visible: ReadScope,
  w: DigestWindow,
): Promise<Digest> {
  const base = subjectFilter(target);
  const span = { from: w.from.toISOString(), to: w.to.toISOString() };
  const past = await readAll(scope, { ...base, ...span }, visible, DIGEST_MAX_EVENTS);
  const ahead = await readAll(
    scope,
    { ...base, status: ['scheduled'], from: span.to, to: w.upcomingTo.toISOString() },
    visible,
    LISTED + 1,
  );
  const by_channel: Record<string, number> = {};
  for (const e of past.events) by_channel[e.event_type] = (by_channel[e.event_type] ?? 0) + 1;
  const notable = past.events.flatMap((e) => {
    const why = notableWhy(e);
    return why.length ? [item(e, why)] : [];
  });
  const open = unanswered(past.events).map((e) => item(e, ['no reply yet']));
  return {
    kind: 'digest',
    subject,
    window: { from: span.from, to: span.to, upcoming_to: w.upcomingTo.toISOString() },
    counts: { events: past.events.length, by_channel },
    // Most recent first in the lists; the counts are of everything in the window.
    notable: notable.reverse().slice(0, LISTED),
    unanswered: open.reverse().slice(0, LISTED),
    upcoming: ahead.events.slice(0, LISTED).map((e) => item(e, ['scheduled'])),
    totals: {
      notable: notable.length,
      unanswered: open.length,
      upcoming: Math.min(ahead.events.length, LISTED),
    },
    truncated: past.more,
  };
}
