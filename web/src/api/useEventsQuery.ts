import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { TimelineFilters } from '../../../src/events/filters.js';
import { eventsPath, useTimelineScope } from '../features/saved-timelines/timeline-scope.js';
import { apiFetch } from './client.js';
import { keys } from './keys.js';
import type { Event, Page } from './types.js';

// 50: on PGlite a page above ~60 rows currently switches to a slow plan (seconds); 50 stays ~70 ms.
export const PAGE_SIZE = 50;

/** The timeline pages query (shared by the hook and the early prefetch in main.tsx). */
export function eventsQueryOptions(filters: TimelineFilters, timelineId?: string) {
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

/** Timeline pages, newest first, by keyset cursor (infinite scroll); a saved timeline's when one is open. */
export function useEventsQuery(filters: TimelineFilters, enabled = true) {
  const { timelineId } = useTimelineScope();
  return useInfiniteQuery({ ...eventsQueryOptions(filters, timelineId), enabled });
}
