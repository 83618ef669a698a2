/**
 * A saved timeline's events and histogram: the same responses as /events and /events/histogram,
 * with the timeline's filters applied and the request narrowing them. The viewer's visibility
 * applies as on /events: a timeline shared by a lead shows a rep only what the rep may see (its
 * stored filters are the owner's choice, not the reader's ask, so they narrow silently), while a
 * user_id or team_id the reader asks for in the request must be visible to them (403). A request's
 * `unanswered=true` narrows the timeline to its unanswered inbound events, as on /events; a timeline
 * (or saved filter) that stores `unanswered: true` always does.
 */
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import { listEventsPage } from '../events/list-page.js';
import { getHistogram, presentHistogram } from '../events/queries/histogram.js';
import { unansweredView } from '../events/queries/unanswered.js';
import { HistogramResponse, ListEventsResponse } from '../events/schema.js';
import { resolveRequestZone } from '../time/request-zone.js';
import { assertCanAsk } from '../visibility/explicit.js';
import { resolveVisibility } from '../visibility/policy.js';
import type { ViewPreferences } from './fields.js';
import { filtersOfTimeline, loadReadableTimeline, storesUnanswered } from './resolve-filters.js';
import { TimelineEventsQuery, TimelineHistogramQuery, TimelineIdParams } from './schema.js';

const tags = ['timelines'];
const problem = { $ref: 'Problem#' };

export function registerTimelineEventRoutes(app: AppInstance) {
  app.get(
    '/timelines/:id/events',
    {
      schema: {
        tags,
        summary: "A timeline's events, newest first (or its sort order), keyset-paginated",
        description:
          'Request filters narrow the timeline (default_filters, activity_sources, date_range_default, saved_filter); they never widen it.',
        params: TimelineIdParams,
        querystring: TimelineEventsQuery,
        response: { 200: ListEventsResponse, 400: problem, 403: problem, 404: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'timelines:use');
      const row = await loadReadableTimeline(request.scope, request.user, request.params.id);
      const { cursor, order: asked, limit = 50, saved_filter, unanswered, ...requested } = request.query;
      const v = await resolveVisibility(request.scope, request.user);
      assertCanAsk(v, requested);
      const order = asked ?? (row.view_preferences as ViewPreferences).sort_order ?? 'desc';
      const filters = await filtersOfTimeline(request.scope, row, requested, { savedFilter: saved_filter });
      const onlyUnanswered = unanswered === true || storesUnanswered(row, saved_filter);
      // The cursor is bound to the request, not to the resolved filters: a rolling window ("last 7
      // days") moves between pages and must not invalidate the cursor.
      const identity = {
        timeline: row.id,
        ...requested,
        saved_filter,
        order,
        ...(unanswered ? { unanswered } : {}),
      };
      const ask = { secret: app.ctx.secret, identity, cursor, filters, order, limit };
      return listEventsPage(request.scope, { ...ask, unanswered: onlyUnanswered, visible: v });
    },
  );

  app.get(
    '/timelines/:id/histogram',
    {
      schema: {
        tags,
        summary: "Counts per calendar bucket and type of a timeline's events",
        params: TimelineIdParams,
        querystring: TimelineHistogramQuery,
        response: { 200: HistogramResponse, 400: problem, 403: problem, 404: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'timelines:use');
      const row = await loadReadableTimeline(request.scope, request.user, request.params.id);
      const { bucket = 'auto', tz: tzParam, saved_filter, unanswered, ...rest } = request.query;
      const v = await resolveVisibility(request.scope, request.user);
      assertCanAsk(v, rest);
      // The request's zone is also the zone of its own weekday/hour filters (as on /events/histogram).
      const requested = tzParam === undefined ? rest : { ...rest, tz: tzParam };
      const filters = await filtersOfTimeline(request.scope, row, requested, { savedFilter: saved_filter });
      const tz = await resolveRequestZone(request.scope, tzParam);
      const onlyUnanswered = unanswered === true || storesUnanswered(row, saved_filter);
      const view = { filters, visible: v, ...unansweredView(onlyUnanswered) };
      return presentHistogram(await getHistogram(request.scope, view, bucket, tz), tz);
    },
  );
}
