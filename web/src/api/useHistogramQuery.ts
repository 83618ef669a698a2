import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.js';
import { keys } from './keys.js';
import type { HistogramResponse } from './types.js';
import type { ListQuery } from './useEventsQuery.js';

export type Bucket = 'auto' | 'hour' | 'day' | 'week' | 'month';

/** The histogram: a saved timeline's (its filters applied server-side) or the company's. */
const histogramPath = (timelineId?: string) =>
  timelineId ? `/timelines/${timelineId}/histogram` : '/events/histogram';

/**
 * Counts per calendar bucket and type: the overview strip and trend charts. `tz`: the zone of the
 * buckets (default the company's), so they start at the midnights the page's day headers show;
 * `timelineId`: that saved timeline's histogram. `filters` may ask for the unanswered queue
 * (GET /events/histogram's `unanswered`, as the list's).
 */
export function useHistogramQuery(
  filters: ListQuery,
  {
    bucket = 'auto',
    enabled = true,
    tz,
    timelineId,
  }: { bucket?: Bucket; enabled?: boolean; tz?: string; timelineId?: string } = {},
) {
  return useQuery({
    ...histogramQueryOptions(filters, bucket, timelineId, tz),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The histogram query (shared by the hook and the early prefetch in main.tsx). */
export function histogramQueryOptions(
  filters: ListQuery,
  bucket: Bucket,
  timelineId: string | undefined,
  tz: string | undefined,
) {
  return queryOptions({
    queryKey: keys.histogram.of(filters, bucket, timelineId, tz),
    queryFn: ({ signal }) =>
      apiFetch<HistogramResponse>(histogramPath(timelineId), { query: { ...filters, bucket, tz }, signal }),
  });
}
