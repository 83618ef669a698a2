import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.js';
import { keys } from './keys.js';

/** The company's settings the web app reads: its name, time zone (the default display zone) and response-time target. */
export interface CompanySettings {
  name: string;
  timezone: string;
  /** First-reply target in minutes (the team dashboard's target line). */
  response_target_minutes: number;
}

/** The fields the web app changes (PATCH /company/settings takes any subset; admins only). */
export type CompanySettingsPatch = Partial<Pick<CompanySettings, 'response_target_minutes'>>;

export function useCompanySettingsQuery() {
  return useQuery({
    queryKey: keys.company.settings,
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => apiFetch<CompanySettings>('/company/settings', { signal }),
  });
}

/** PATCH /company/settings: the answer replaces the cached settings (the team chart's line follows). */
export function useSaveCompanySettingsMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: CompanySettingsPatch) =>
      apiFetch<CompanySettings>('/company/settings', { method: 'PATCH', body: patch }),
    onSuccess: (data) => {
      client.setQueryData(keys.company.settings, data);
      void client.invalidateQueries({ queryKey: keys.audit.all });
    },
  });
}
