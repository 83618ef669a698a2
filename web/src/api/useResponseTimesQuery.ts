import type {
  ResponseTimesQuery,
  ResponseTimesResponse,
} from '../../../src/analytics/schemas/response-times.js';
import { useAnalyticsQuery } from './analytics-query.js';

/** KPI 2: response times (minutes) overall and by type, source, user, team. */
export function useResponseTimesQuery(query: ResponseTimesQuery, enabled = true) {
  return useAnalyticsQuery<ResponseTimesResponse>('response-times', query, enabled);
}
