/** Shared plumbing of the analytics hooks (one hook per endpoint lives in its own file). */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch, type Query } from './client.js';
import { keys } from './keys.js';

/** An analytics endpoint's query (shared by the hooks and the first load's prefetch, prefetch-page.ts). */
export const analyticsQueryOptions = <T>(path: string, query: Query) =>
  queryOptions({
    queryKey: keys.analytics(path, query),
    queryFn: ({ signal }) => apiFetch<T>(`/analytics/${path}`, { query, signal }),
  });

export function useAnalyticsQuery<T>(path: string, query: Query, enabled = true) {
  return useQuery({ ...analyticsQueryOptions<T>(path, query), enabled, placeholderData: keepPreviousData });
}
