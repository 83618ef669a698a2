import { useQuery } from '@tanstack/react-query';
import type { TimelineFilters } from '../../../src/events/filters.js';
import { apiFetch } from './client.js';
import { keys } from './keys.js';
import type { Event, Page } from './types.js';
import { PAGE_SIZE } from './useEventsQuery.js';

/** Up to `max` latest events for a scope, fetched page by page (for small client-side summaries). */
export function useRecentEventsQuery(filters: TimelineFilters, max = 200) {
  return useQuery({
    queryKey: keys.events.recent(filters, max),
    queryFn: async ({ signal }) => {
      const all: Event[] = [];
      let cursor: string | undefined;
      do {
        const page: Page<Event> = await apiFetch('/events', {
          query: { ...filters, limit: PAGE_SIZE, cursor },
          signal,
        });
        all.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && all.length < max);
      return all.slice(0, max);
    },
  });
}
