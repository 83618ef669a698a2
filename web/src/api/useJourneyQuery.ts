import type { JourneyQuery, JourneyResponse } from '../../../src/analytics/schemas/journey.js';
import { useAnalyticsQuery } from './analytics-query.js';

/** KPI 6: journey paths, transitions (Sankey) and touch attribution. */
export function useJourneyQuery(query: JourneyQuery, enabled = true) {
  return useAnalyticsQuery<JourneyResponse>('journey', query, enabled);
}
