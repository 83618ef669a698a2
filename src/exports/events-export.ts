/**
 * An events export resolved from its query: the view (filters as GET /events or a saved timeline
 * resolves them, the viewer's visibility), the zone and the chosen columns. The route and export
 * jobs both call it, a job with the requester's stored identity, so a job reads what its requester
 * may read when it runs.
 */

import { authorize } from '../auth/policies.js';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { invalid } from '../errors.js';
import type { TimelineFilters } from '../events/filters.js';
import { unansweredView } from '../events/queries/unanswered.js';
import { withFilterZone } from '../events/time-of-day.js';
import { resolveRequestZone } from '../time/request-zone.js';
import type { Zone } from '../time/zone-catalogue.js';
import { assertRange } from '../time/zones.js';
import { filtersOfTimeline, loadReadableTimeline, storesUnanswered } from '../timelines/resolve-filters.js';
import { assertCanAsk } from '../visibility/explicit.js';
import { resolveVisibility } from '../visibility/policy.js';
import { type EventsView, readEventCells } from './event-cells.js';
import { DEFAULT_EVENT_COLUMNS, pickEventColumns } from './event-columns.js';
import { describeExportFilters } from './filter-description.js';
import type { ExportEventsQuery } from './schema.js';
import type { ExportFormat, TableSpec } from './table.js';

export interface EventsExport {
  format: ExportFormat;
  bom: boolean;
  view: EventsView;
  zone: Zone;
  columns: ReturnType<typeof pickEventColumns>['columns'];
  subtitle: string[];
  title: string;
}

/** Validates and resolves an export query for `user` (400/403/404 as GET /events and timelines answer). */
export async function resolveEventsExport(
  scope: Scope,
  user: AuthUser,
  q: ExportEventsQuery,
): Promise<EventsExport> {
  authorize(user, 'events:read');
  const {
    format = 'csv',
    columns: names,
    bom = false,
    timeline,
    saved_filter,
    order: asked,
    unanswered,
    ...requested
  } = q;
  const picked = pickEventColumns(names ?? DEFAULT_EVENT_COLUMNS);
  if (picked.unknown.length)
    throw invalid(`Unknown column(s): ${picked.unknown.join(', ')}.`, [
      {
        path: 'query.columns',
        message: `unknown column(s) ${picked.unknown.join(', ')}; see the catalogue in the description`,
      },
    ]);
  assertRange(requested.from, requested.to);
  const v = await resolveVisibility(scope, user);
  assertCanAsk(v, requested);
  let filters: TimelineFilters;
  let title = 'Timeline export';
  let order = asked ?? 'desc';
  let onlyUnanswered = unanswered === true;
  if (timeline) {
    authorize(user, 'timelines:use');
    const row = await loadReadableTimeline(scope, user, timeline);
    filters = await filtersOfTimeline(scope, row, requested, { savedFilter: saved_filter });
    onlyUnanswered ||= storesUnanswered(row, saved_filter);
    title = `Timeline: ${row.timeline_name}`;
    order = asked ?? (row.view_preferences as { sort_order?: 'asc' | 'desc' }).sort_order ?? 'desc';
  } else {
    if (saved_filter)
      throw invalid('saved_filter needs timeline.', [
        { path: 'query.saved_filter', message: 'only with timeline' },
      ]);
    filters = await withFilterZone(scope, requested);
  }
  const zone = await resolveRequestZone(scope, requested.tz);
  return {
    format,
    bom,
    view: { filters, order, visible: v, ...unansweredView(onlyUnanswered) },
    zone,
    columns: picked.columns,
    subtitle: [...(await describeExportFilters(scope, filters, zone, onlyUnanswered)), `Time zone: ${zone}`],
    title,
  };
}

/** The export as a table spec whose rows are read page by page while it is rendered. */
export function eventsTableSpec(
  scope: Scope,
  e: EventsExport,
  options: { pageRows: number; signal?: AbortSignal; generatedAt?: Date; onRow?: (n: number) => void },
): TableSpec {
  const { columns } = e;
  return {
    title: e.title,
    subtitle: e.subtitle,
    generatedAt: options.generatedAt ?? new Date(),
    timeZone: e.zone,
    columns: columns.map(({ key, label, type, unit, labelled }) => ({ key, label, type, unit, labelled })),
    rows: { pages: readEventCells(scope, e.view, columns, options.pageRows, options.signal) },
    onRow: options.onRow,
  };
}
