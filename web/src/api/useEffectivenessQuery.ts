import type {
  EffectivenessQuery,
  EffectivenessResponse,
} from '../../../src/analytics/schemas/effectiveness.js';
import { useAnalyticsQuery } from './analytics-query.js';

/** KPI 7: outcome rates and conversion by type, source, user. */
export function useEffectivenessQuery(query: EffectivenessQuery, enabled = true) {
  return useAnalyticsQuery<EffectivenessResponse>('effectiveness', query, enabled);
}
