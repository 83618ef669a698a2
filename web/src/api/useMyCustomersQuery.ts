import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MyCustomersQuery, MyCustomersResponse } from '../../../src/me/schema.js';
import { apiFetch } from './client.js';
import { keys } from './keys.js';

/** The signed-in user's customers by engagement over their own events (exact, per period). */
export function useMyCustomersQuery(query: MyCustomersQuery) {
  return useQuery({
    queryKey: keys.me.customers(query),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => apiFetch<MyCustomersResponse>('/me/customers', { query, signal }),
  });
}
