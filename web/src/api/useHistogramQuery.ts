import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TimelineFilters } from '../../../src/events/filters.js';
import { histogramPath, useTimelineScope } from '../features/timelines/timeline-scope.js';
import { apiFetch } from './client.js';
import { keys } from './keys.js';
import type { HistogramResponse } from './types.js';

export type Bucket = 'auto' | 'hour' | 'day' | 'week' | 'month';

/** Counts per calendar bucket and type: the overview strip and trend charts. */
export function useHistogramQuery(filters: TimelineFilters, bucket: Bucket = 'auto', enabled = true) {
  const { timelineId } = useTimelineScope();
  return useQuery({
    queryKey: keys.histogram.of(filters, bucket, timelineId),
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<HistogramResponse>(histogramPath(timelineId), { query: { ...filters, bucket }, signal }),
  });
}
