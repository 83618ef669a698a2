import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.js';
import { keys } from './keys.js';

/** The company's settings the web app reads: its name, time zone (the default display zone) and response-time target. */
export interface CompanySettings {
  name: string;
  timezone: string;
  /** First-reply target in minutes (the team dashboard's target line). */
  response_target_minutes: number;
}

export function useCompanySettingsQuery() {
  return useQuery({
    queryKey: keys.company.settings,
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => apiFetch<CompanySettings>('/company/settings', { signal }),
  });
}
