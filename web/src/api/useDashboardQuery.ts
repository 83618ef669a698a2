/** The dashboard bundles: one request per dashboard page (GET /dashboards/{executive,team/:id,me}). */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Freshness } from '../../../src/analytics/read-guard.js';
import type {
  DashboardQuery,
  ExecutiveDashboard,
  MeDashboard,
  TeamDashboard,
} from '../../../src/dashboards/schema.js';
import { apiFetch } from './client.js';
import { keys } from './keys.js';

/** Every analytics answer says how fresh it is (added to each response by the server's read guard). */
type Fresh<T> = T & { freshness?: Freshness };

/** A dashboard bundle's query (shared by the hooks and the first load's prefetch, prefetch-page.ts). */
export const dashboardQueryOptions = <T>(path: string, query: DashboardQuery) =>
  queryOptions({
    queryKey: keys.dashboards(path, query),
    queryFn: ({ signal }) => apiFetch<T>(`/dashboards/${path}`, { query, signal }),
  });

function useDashboard<T>(path: string, query: DashboardQuery, enabled = true) {
  return useQuery({ ...dashboardQueryOptions<T>(path, query), enabled, placeholderData: keepPreviousData });
}

export const useExecutiveDashboard = (query: DashboardQuery) =>
  useDashboard<Fresh<ExecutiveDashboard>>('executive', query);

export const useTeamDashboard = (teamId: string, query: DashboardQuery) =>
  useDashboard<Fresh<TeamDashboard>>(`team/${teamId}`, query, Boolean(teamId));

export const useMeDashboard = (query: DashboardQuery) => useDashboard<Fresh<MeDashboard>>('me', query);
