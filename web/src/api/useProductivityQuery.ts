import type { ProductivityQuery, ProductivityResponse } from '../../../src/analytics/schemas/productivity.js';
import { useAnalyticsQuery } from './analytics-query.js';

/** KPI 5: team productivity, members, workload balance (Gini), outcome rates. */
export function useProductivityQuery(query: ProductivityQuery, enabled = true) {
  return useAnalyticsQuery<ProductivityResponse>('productivity', query, enabled);
}
