import type { Static } from 'typebox';
import type {
  CustomerJourneyQuery,
  CustomerJourneyResponse,
} from '../../../src/analytics/schemas/journey.js';
import { useAnalyticsQuery } from './analytics-query.js';

/** One customer's touchpoints, oldest first, with gaps between them (minutes). */
export function useCustomerJourneyQuery(customerId: string, query: CustomerJourneyQuery) {
  return useAnalyticsQuery<Static<typeof CustomerJourneyResponse>>(`journey/customers/${customerId}`, query);
}
