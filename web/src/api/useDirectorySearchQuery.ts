import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DirectorySearchResponse, SearchKind } from '../../../src/directory/search.js';
import { apiFetch } from './client.js';
import { keys } from './keys.js';

export type DirectoryHit = DirectorySearchResponse['items'][number];

/** Customers, users and teams whose name contains `q` (server-side, per kind); idle while `q` is blank. */
export function useDirectorySearchQuery(q: string, kinds: readonly SearchKind[], limit = 8) {
  const text = q.trim();
  return useQuery({
    queryKey: keys.directory.search(text, kinds, limit),
    enabled: text.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<DirectorySearchResponse>('/directory/search', {
        query: { q: text, kind: kinds, limit },
        signal,
      }),
  });
}
