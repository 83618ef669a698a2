/** Hooks of the timelines API: list, one, prefetch, create, patch (with If-Match), delete, duplicate. */
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../api/client.js';
import { keys } from '../../api/keys.js';
import { eventsQueryOptions } from '../../api/useEventsQuery.js';
import type { Timeline, TimelineInput, TimelinePatch } from './types.js';

export function useTimelinesQuery() {
  return useQuery({
    queryKey: keys.timelines.all,
    queryFn: ({ signal }) => apiFetch<{ items: Timeline[] }>('/timelines', { signal }),
  });
}

/** The user's default timeline (the server creates it from the role on first use). */
export function useDefaultTimelineQuery(enabled: boolean) {
  return useQuery({ ...defaultTimelineQueryOptions, enabled });
}

export const defaultTimelineQueryOptions = {
  queryKey: keys.timelines.default,
  staleTime: 5 * 60_000,
  queryFn: ({ signal }: { signal?: AbortSignal }) => apiFetch<Timeline>('/timelines/default', { signal }),
};

export function useTimelineQuery(id: string | undefined) {
  return useQuery({ ...timelineQueryOptions(id ?? ''), enabled: !!id });
}

const timelineQueryOptions = (id: string) => ({
  queryKey: keys.timelines.one(id),
  queryFn: ({ signal }: { signal?: AbortSignal }) => apiFetch<Timeline>(`/timelines/${id}`, { signal }),
});

/**
 * Asks for a saved timeline and its first page before it is opened (a link pointed at or focused):
 * the same queries, with the same keys, as the page opened by `/timeline?timeline=<id>` (no filters
 * of its own in the URL), so the click finds them in the cache. Fresh answers are not asked again.
 */
export function usePrefetchTimeline() {
  const client = useQueryClient();
  return (id: string) => prefetchTimeline(client, id);
}

/** `usePrefetchTimeline`'s requests (also the first load's, prefetch-page.ts). */
export function prefetchTimeline(client: QueryClient, id: string) {
  void client.prefetchQuery(timelineQueryOptions(id));
  void client.prefetchInfiniteQuery(eventsQueryOptions({}, id));
}

function useRefresh() {
  const client = useQueryClient();
  return (saved?: Timeline) => {
    if (saved) client.setQueryData(keys.timelines.one(saved.id), saved);
    void client.invalidateQueries({ queryKey: keys.timelines.all, exact: true });
    // The timeline's filters may have changed: its pages and histogram are stale.
    void client.invalidateQueries({ queryKey: keys.events.all });
    void client.invalidateQueries({ queryKey: keys.histogram.all });
  };
}

export function useCreateTimeline() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: TimelineInput) => apiFetch<Timeline>('/timelines', { method: 'POST', body: input }),
    onSuccess: refresh,
  });
}

/**
 * Sends the version read as If-Match: a concurrent change answers 412 instead of being overwritten,
 * and the timeline is read again, so the next save carries the current version.
 */
export function useUpdateTimeline() {
  const refresh = useRefresh();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ timeline, patch }: { timeline: Timeline; patch: TimelinePatch }) =>
      apiFetch<Timeline>(`/timelines/${timeline.id}`, {
        method: 'PATCH',
        body: patch,
        headers: { 'if-match': `"${timeline.version}"` },
      }),
    onSuccess: refresh,
    onError: (error, { timeline }) => {
      if ((error as { status?: number }).status === 412)
        void client.invalidateQueries({ queryKey: keys.timelines.one(timeline.id) });
    },
  });
}

export function useDeleteTimeline() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (timeline: Timeline) =>
      apiFetch<void>(`/timelines/${timeline.id}`, {
        method: 'DELETE',
        headers: { 'if-match': `"${timeline.version}"` },
      }),
    onSuccess: () => refresh(),
  });
}

export function useDuplicateTimeline() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (timeline: Timeline) =>
      apiFetch<Timeline>(`/timelines/${timeline.id}/duplicate`, { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
}
