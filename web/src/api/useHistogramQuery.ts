import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TimelineFilters } from '../../../src/events/filters.js';
import { histogramPath, useTimelineScope } from '../features/timelines/timeline-scope.js';
import { apiFetch } from './client.js';
import type { HistogramResponse } from './types.js';

export type Bucket = 'auto' | 'hour' | 'day' | 'week' | 'month';

/**
 * Counts per calendar bucket and type: the overview strip and trend charts. `tz`: the zone of the
 * buckets (default the company's), so they start at the midnights the page's day headers show.
 */
export function useHistogramQuery(
  filters: TimelineFilters,
  bucket: Bucket = 'auto',
  enabled = true,
  tz?: string,
) {
  const { timelineId } = useTimelineScope();
  return useQuery({
    queryKey: tz
      ? ['histogram', filters, bucket, timelineId ?? null, tz]
      : ['histogram', filters, bucket, timelineId ?? null],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<HistogramResponse>(histogramPath(timelineId), { query: { ...filters, bucket, tz }, signal }),
  });
}
