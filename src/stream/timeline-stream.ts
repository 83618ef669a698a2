/** `?timeline_id=`: stream a saved timeline (its resolved filters) with `notification` messages. */
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import type { TimelineFilters } from '../events/filters.js';
import { matchNotification } from '../timelines/notifications.js';
import { filtersOfTimeline, loadReadableTimeline, storesUnanswered } from '../timelines/resolve-filters.js';
import type { StreamClient } from './client.js';
import { formatMessage } from './sse.js';

export interface TimelineStream {
  filters: TimelineFilters;
  /** Hooks the timeline's notification preferences onto a client. */
  attach(client: StreamClient): void;
}

/** Loads the timeline (404 unless readable) and resolves its filters narrowed by the request's. */
export async function openTimelineStream(
  scope: Scope,
  user: AuthUser,
  timelineId: string,
  requestFilters: TimelineFilters,
  accessRecheckMs = 10_000,
): Promise<TimelineStream> {
  const timeline = await loadReadableTimeline(scope, user, timelineId);
  const filters = await filtersOfTimeline(scope, timeline, requestFilters, { path: 'querystring' });
  // The unanswered condition is not among the stream's filters (only a query can judge it): the
  // stream still sends the timeline's other events, as the client's cue to reload (a reply answers
  // one), but notifies only of events the database says are unanswered when delivered (an outbound
  // reply never is; an inbound one backfilled before a stored reply is answered from the start).
  const unansweredOnly = storesUnanswered(timeline);
  return {
    filters,
    attach(client) {
      // Access can be withdrawn while the stream is open (unshared, made private, deleted): re-check
      // it, and end the stream with `revoked` — the browser's reconnect then gets a 404 and stops.
      const timer = setInterval(() => {
        loadReadableTimeline(scope, user, timelineId).catch(() => {
          client.push(
            'revoked',
            undefined,
            JSON.stringify({ timeline_id: timelineId, reason: 'access_revoked' }),
          );
          client.close();
        });
      }, accessRecheckMs);
      timer.unref();
      client.onClose(() => clearInterval(timer));
      client.notifyUnansweredOnly = unansweredOnly;
      client.notify = (row, seq) => {
        const match = matchNotification(timeline, row);
        if (!match) return undefined;
        const data = { timeline_id: timelineId, event_id: row.id, seq, ...match };
        return formatMessage({ event: 'notification', data: JSON.stringify(data) });
      };
    },
  };
}
