import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { TimelineFilters } from '../../../src/events/filters.js';
import { apiFetch } from './client.js';
import { keys } from './keys.js';
import type { Event, Page } from './types.js';

/** The events list: a saved timeline's (its filters applied server-side) or the company's. */
const eventsPath = (timelineId?: string) => (timelineId ? `/timelines/${timelineId}/events` : '/events');

/** The list's query: the timeline filters and, for the unanswered queue, GET /events' `unanswered`. */
export type ListQuery = TimelineFilters & { unanswered?: true };

// 50: on PGlite a page above ~60 rows currently switches to a slow plan (seconds); 50 stays ~70 ms.
export const PAGE_SIZE = 50;

/** The timeline pages query (shared by the hook and the early prefetch in main.tsx). */
export function eventsQueryOptions(filters: ListQuery, timelineId?: string) {
  return infiniteQueryOptions({
    queryKey: keys.events.list(filters, timelineId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      apiFetch<Page<Event>>(eventsPath(timelineId), {
        query: { ...filters, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    getNextPageParam: (last: Page<Event>) => last.next_cursor ?? undefined,
  });
}

/** Timeline pages, newest first, by keyset cursor (infinite scroll); saved timeline `timelineId`'s when given. */
export function useEventsQuery(
  filters: ListQuery,
  { enabled = true, timelineId }: { enabled?: boolean; timelineId?: string } = {},
) {
  return useInfiniteQuery({ ...eventsQueryOptions(filters, timelineId), enabled });
}
