/** The dashboard bundles: one request per dashboard page (GET /dashboards/{executive,team/:id,me}). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
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

function useDashboard<T>(path: string, query: DashboardQuery, enabled = true) {
  return useQuery({
    queryKey: keys.dashboards(path, query),
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => apiFetch<T>(`/dashboards/${path}`, { query, signal }),
  });
}

export const useExecutiveDashboard = (query: DashboardQuery) =>
  useDashboard<Fresh<ExecutiveDashboard>>('executive', query);

export const useTeamDashboard = (teamId: string, query: DashboardQuery) =>
  useDashboard<Fresh<TeamDashboard>>(`team/${teamId}`, query, Boolean(teamId));

export const useMeDashboard = (query: DashboardQuery) => useDashboard<Fresh<MeDashboard>>('me', query);
