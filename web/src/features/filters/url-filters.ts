/**
 * Timeline filters live in the URL (shareable): `?type=call,email&from=…&q=…`. These helpers turn
 * URLSearchParams into the API's TimelineFilters and back, and resolve date presets to instants.
 */
import type { TimelineFilters } from '../../../../src/events/filters.js';
import { addDays, type CalendarPreset, calendarRange } from '../../../../src/time/local-calendar.js';
import type { ListQuery } from '../../api/useEventsQuery.js';

/** `unanswered`: only the inbound events without a reply (`?unanswered=1`; GET /events?unanswered=true). */
export type Filters = TimelineFilters & { range?: string; unanswered?: boolean };

export const LIST_KEYS = [
  'type',
  'source',
  'priority',
  'status',
  'sentiment',
  'direction',
  'segment',
  'user_id',
  'team_id',
  'customer_id',
] as const;
export type ListKey = (typeof LIST_KEYS)[number];
/** Local weekday (ISO 1–7, Monday = 1) and hour (0–23) lists, read in `tz` (a heatmap cell). */
const NUMBER_LIST_KEYS = ['weekday', 'hour'] as const;
const TEXT_KEYS = ['from', 'to', 'participant', 'q', 'range', 'tz'] as const;
export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * Date presets. `days`: a rolling window from local midnight `days` days ago; `calendar`: a whole
 * calendar period in the page's zone (today, last week…); neither: all time.
 */
export const RANGE_PRESETS: Array<{
  id: string;
  label: string;
  days: number | null;
  calendar?: CalendarPreset;
}> = [
  { id: 'today', label: 'Today', days: 0, calendar: 'today' },
  { id: 'yesterday', label: 'Yesterday', days: null, calendar: 'yesterday' },
  { id: 'this_week', label: 'This week', days: null, calendar: 'this_week' },
  { id: 'last_week', label: 'Last week', days: null, calendar: 'last_week' },
  { id: 'this_month', label: 'This month', days: null, calendar: 'this_month' },
  { id: 'last_month', label: 'Last month', days: null, calendar: 'last_month' },
  { id: 'this_quarter', label: 'This quarter', days: null, calendar: 'this_quarter' },
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
  { id: '1y', label: 'Last 12 months', days: 365 },
  { id: 'all', label: 'All time', days: null },
];

export function readFilters(params: URLSearchParams): Filters {
  const out: Record<string, unknown> = {};
  for (const key of LIST_KEYS) {
    const v = params.get(key);
    if (v) out[key] = v.split(',').filter(Boolean);
  }
  for (const key of NUMBER_LIST_KEYS) {
    const v = params.get(key);
    if (v)
      out[key] = v
        .split(',')
        .filter((x) => /^\d+$/.test(x))
        .map(Number);
  }
  for (const key of TEXT_KEYS) {
    const v = params.get(key);
    if (v) out[key] = v;
  }
  if (params.get('unanswered') === '1') out.unanswered = true;
  return out as Filters;
}

export function writeFilters(params: URLSearchParams, filters: Filters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of [...LIST_KEYS, ...NUMBER_LIST_KEYS, ...TEXT_KEYS]) {
    const v = (filters as Record<string, unknown>)[key];
    if (Array.isArray(v) ? v.length : v) next.set(key, Array.isArray(v) ? v.join(',') : String(v));
    else next.delete(key);
  }
  if (filters.unanswered) next.set('unanswered', '1');
  else next.delete('unanswered');
  return next;
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The API query for the filters: a preset range becomes from/to in `zone` (the page's display
 * zone; the browser's when not given), explicit from/to win.
 */
export function toApiFilters(filters: Filters, now = new Date(), zone = browserZone()): TimelineFilters {
  // `unanswered` is the events list's own parameter (toListQuery), not a filter the other readers take.
  const { range, unanswered: _unanswered, ...rest } = filters;
  if (!rest.from && !rest.to && range && range !== 'all') {
    const preset = RANGE_PRESETS.find((p) => p.id === range);
    if (preset?.calendar) {
      const { from, to } = calendarRange(preset.calendar, now.getTime(), zone);
      return { ...rest, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    }
    if (preset?.days !== null && preset) {
      return { ...rest, from: new Date(addDays(now.getTime(), -preset.days, zone)).toISOString() };
    }
  }
  return rest;
}

/** The events list's query for the filters (see toApiFilters). */
export function toListQuery(filters: Filters, now = new Date(), zone = browserZone()): ListQuery {
  const api = toApiFilters(filters, now, zone);
  return filters.unanswered ? { ...api, unanswered: true } : api;
}

/** How many filters are set (for the "Filters (3)" button on mobile). */
export function countFilters(filters: Filters): number {
  return Object.entries(filters).filter(
    ([k, v]) => k !== 'range' && k !== 'tz' && (Array.isArray(v) ? v.length : v),
  ).length;
}

/** A timeline link for a slice (chart drill-down), e.g. timelineHref({ type: ['call'] }). */
export function timelineHref(filters: Filters): string {
  const s = writeFilters(new URLSearchParams(), filters).toString();
  return s ? `/timeline?${s}` : '/timeline';
}
