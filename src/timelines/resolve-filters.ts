/**
 * The filters a saved timeline stands for, narrowed by a request. Used by /timelines/{id}/events,
 * /timelines/{id}/histogram and the live stream (`/stream?timeline_id=`), so all three show the same
 * events for the same timeline and request.
 */
import type { AuthUser } from '../auth/tokens.js';
import { getCompanySettings } from '../company/queries.js';
import type { Scope } from '../db/scope.js';
import { invalid, notFound } from '../errors.js';
import type { TimelineFilters } from '../events/filters.js';
import { withFilterZone } from '../events/time-of-day.js';
import { permissionsOf } from '../sharing/access.js';
import { assertRange } from '../time/zones.js';
import { resolveDateRange } from './date-range.js';
import type { DateRangeDefault, StoredFilters } from './fields.js';
import { narrowFilters } from './narrow.js';
import { getTimeline, type TimelineRow } from './queries.js';

export { EMPTY_INSTANT, isEmptyFilters } from './narrow.js';

export interface ResolveOptions {
  /** Id of one of the timeline's saved_filters to apply as a further narrowing. */
  savedFilter?: string;
  /** Prefix of error paths for the request filters ("query" for query strings). */
  path?: string;
}

/** The live timeline when the user may read it; otherwise the same 404 as a missing one. */
export async function loadReadableTimeline(scope: Scope, user: AuthUser, id: string): Promise<TimelineRow> {
  const row = await getTimeline(scope, id);
  if (!row || !permissionsOf(user, row).read) throw notFound('Timeline');
  return row;
}

/** Stored filters without the unanswered flag (a condition of the view, see `storesUnanswered`). */
const fieldFilters = (stored: StoredFilters): TimelineFilters => {
  const { unanswered: _unanswered, ...filters } = stored;
  return filters;
};

const savedFilterOf = (row: TimelineRow, id: string) =>
  (row.saved_filters as Array<{ id: string; filters: StoredFilters }>).find((s) => s.id === id);

/**
 * Whether the timeline (or the saved filter applied) keeps to the unanswered inbound events. Like the
 * other filters it only narrows: a request's unanswered=true adds it, nothing removes it.
 */
export function storesUnanswered(row: TimelineRow, savedFilter?: string): boolean {
  const saved = savedFilter === undefined ? undefined : savedFilterOf(row, savedFilter);
  return (row.default_filters as StoredFilters).unanswered === true || saved?.filters.unanswered === true;
}

/**
 * default_filters ∩ activity_sources ∩ date_range_default (∩ saved filter) ∩ request filters.
 * A request can only narrow: `type=call` in a call+email timeline gives calls, `type=sms` gives an
 * empty window (see isEmptyFilters), never an error and never the sms events.
 */
export async function filtersOfTimeline(
  scope: Scope,
  row: TimelineRow,
  requestFilters: TimelineFilters,
  options: ResolveOptions = {},
): Promise<TimelineFilters> {
  const path = options.path ?? 'query';
  assertRange(requestFilters.from, requestFilters.to);
  const range = row.date_range_default as DateRangeDefault;
  const timezone = range.relative ? (await getCompanySettings(scope)).timezone : 'UTC';
  const window = await resolveDateRange(scope, range, timezone);
  const sources = row.activity_sources as TimelineFilters['source'];
  let filters = fieldFilters(row.default_filters as StoredFilters);
  filters = narrowFilters(filters, { source: sources?.length ? sources : undefined, ...window });
  if (options.savedFilter !== undefined) {
    const saved = savedFilterOf(row, options.savedFilter);
    if (!saved)
      throw invalid('No saved filter with this id on the timeline.', [
        { path: `${path}.saved_filter`, message: 'is not a saved filter of this timeline' },
      ]);
    filters = narrowFilters(filters, fieldFilters(saved.filters), `${path}.saved_filter`);
  }
  // weekday/hour read in an explicit zone, so the stream's matcher and SQL agree on it.
  return withFilterZone(scope, narrowFilters(filters, requestFilters, path));
}

/** Loads the timeline (404 unless the user may read it) and resolves its filters for a request. */
export async function resolveTimelineFilters(
  scope: Scope,
  user: AuthUser,
  timelineId: string,
  requestFilters: TimelineFilters,
  options: ResolveOptions = {},
): Promise<TimelineFilters> {
  const row = await loadReadableTimeline(scope, user, timelineId);
  return filtersOfTimeline(scope, row, requestFilters, options);
}
