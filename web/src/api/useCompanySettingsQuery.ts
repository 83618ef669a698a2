import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.js';
import { keys } from './keys.js';

/** The company's settings the web app reads: its name and time zone (the default display zone). */
export function useCompanySettingsQuery() {
  return useQuery({
    queryKey: keys.company.settings,
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => apiFetch<{ name: string; timezone: string }>('/company/settings', { signal }),
  });
}
