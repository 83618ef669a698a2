import type { VolumeQuery, VolumeResponse } from '../../../src/analytics/schemas/volume.js';
import { useAnalyticsQuery } from './analytics-query.js';

/** KPI 1: activity volume per bucket × dimension, with the previous period. */
export function useVolumeQuery(query: VolumeQuery, enabled = true) {
  return useAnalyticsQuery<VolumeResponse>('volume', query, enabled);
}
