/**
 * Every event of a timeline view, read as keyset pages through the timeline's own read and
 * presenter (listTimelineEvents, presentEvent): what GET /events pages through, in the same order,
 * with the same visibility and redaction, one page in memory at a time.
 */
import type { Scope } from '../db/scope.js';
import type { TimelineFilters } from '../events/filters.js';
import { presentEvent } from '../events/presenter.js';
import { listTimelineEvents } from '../events/queries/list-events.js';
import type { Event } from '../events/schema.js';
import type { ReadScope } from '../visibility/policy.js';

export interface EventsView {
  filters: TimelineFilters;
  order: 'asc' | 'desc';
  /** The viewer's visible events and content reader, from resolveVisibility. */
  visible: ReadScope;
}

/** Presented events of the view, page by page; stops (without error) once `signal` aborts. */
export async function* readEventPages(
  scope: Scope,
  view: EventsView,
  pageRows: number,
  signal?: AbortSignal,
): AsyncGenerator<Event> {
  const read = (after?: { t: number; id: string }) =>
    listTimelineEvents(scope, { ...view, limit: pageRows, after });
  let page = await read();
  for (;;) {
    if (signal?.aborted) return;
    const last = page.rows.at(-1);
    // The last row's (timestamp, id) is the keyset position: the next page starts strictly after
    // it. It is read while this page is written out (two pages in memory at most).
    const next =
      page.more && last ? read({ t: new Date(last.event_timestamp).getTime(), id: last.id }) : null;
    next?.catch(() => {}); // awaited below; a consumer that stops early must not leave it unhandled
    for (const row of page.rows) yield presentEvent(row, view.visible.reader);
    if (!next) return;
    page = await next;
  }
}
