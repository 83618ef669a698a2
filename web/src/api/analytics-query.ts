/** Shared plumbing of the analytics hooks (one hook per endpoint lives in its own file). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, type Query } from './client.js';
import { keys } from './keys.js';

export function useAnalyticsQuery<T>(path: string, query: Query, enabled = true) {
  return useQuery({
    queryKey: keys.analytics(path, query),
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => apiFetch<T>(`/analytics/${path}`, { query, signal }),
  });
}
