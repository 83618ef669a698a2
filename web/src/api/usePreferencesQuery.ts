import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Preferences } from '../../../src/me/schema.js';
import { apiFetch } from './client.js';
import { keys } from './keys.js';

/** The signed-in user's preferences (goals per metric). */
export function usePreferencesQuery() {
  return useQuery({
    queryKey: keys.me.preferences,
    queryFn: () => apiFetch<Preferences>('/me/preferences'),
  });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (prefs: Preferences) =>
      apiFetch<Preferences>('/me/preferences', { method: 'PUT', body: prefs }),
    onSuccess: (saved) => queryClient.setQueryData(keys.me.preferences, saved),
  });
}
