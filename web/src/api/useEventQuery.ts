import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.js';
import { keys } from './keys.js';
import type { Event } from './types.js';

/** One event (drill-down drawer). */
export function useEventQuery(id: string | null) {
  return useQuery({
    queryKey: keys.events.one(id),
    enabled: !!id,
    queryFn: ({ signal }) => apiFetch<Event>(`/events/${id}`, { signal }),
  });
}
