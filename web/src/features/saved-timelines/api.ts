/** Hooks of the timelines API: list, one, create, patch (with If-Match), delete, duplicate. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../api/client.js';
import { keys } from '../../api/keys.js';
import type { Timeline, TimelineInput, TimelinePatch } from './types.js';

export function useTimelinesQuery() {
  return useQuery({
    queryKey: keys.timelines.all,
    queryFn: ({ signal }) => apiFetch<{ items: Timeline[] }>('/timelines', { signal }),
  });
}

/** The user's default timeline (the server creates it from the role on first use). */
export function useDefaultTimelineQuery(enabled: boolean) {
  return useQuery({
    queryKey: keys.timelines.default,
    enabled,
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) => apiFetch<Timeline>('/timelines/default', { signal }),
  });
}

export function useTimelineQuery(id: string | undefined) {
  return useQuery({
    queryKey: keys.timelines.one(id ?? ''),
    enabled: !!id,
    queryFn: ({ signal }) => apiFetch<Timeline>(`/timelines/${id}`, { signal }),
  });
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
