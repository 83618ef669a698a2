/** The audit trail (compliance and admin): entries in keyset pages, the chain check, completeness by day. */
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CompletenessResponse, ListAuditResponse, VerifyResponse } from '../../../src/audit/schema.js';
import { apiFetch, type Query } from './client.js';
import { keys } from './keys.js';
import { getToken } from './session.js';

export type AuditPage = Static<typeof ListAuditResponse>;
export type AuditEntry = AuditPage['entries'][number];
export type AuditFilters = {
  user_id?: string;
  action?: string;
  object_type?: string;
  object_id?: string;
  from?: string;
  to?: string;
};

export function useAuditQuery(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: keys.audit.entries(filters),
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      apiFetch<AuditPage>('/audit', {
        query: { ...filters, before_id: pageParam, limit: 50 } as Query,
        signal,
      }),
    getNextPageParam: (last) => last.next_before_id ?? undefined,
  });
}

export function useVerifyMutation() {
  return useMutation({
    mutationFn: (range: Pick<AuditFilters, 'from' | 'to'>) =>
      apiFetch<Static<typeof VerifyResponse>>('/audit/verify', { query: range }),
  });
}

export function useCompletenessQuery(range: Pick<AuditFilters, 'from' | 'to'>) {
  return useQuery({
    queryKey: keys.audit.completeness(range),
    queryFn: ({ signal }) =>
      apiFetch<Static<typeof CompletenessResponse>>('/audit/completeness', { query: range, signal }),
  });
}

/** Downloads the filtered list as CSV (a fetch with the bearer token, saved through a blob link). */
export async function downloadAuditCsv(filters: AuditFilters): Promise<void> {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  const res = await fetch(`/api/v1/audit?${params}`, { headers: { authorization: `Bearer ${getToken()}` } });
  if (!res.ok) throw new Error(`Export failed (HTTP ${res.status})`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = 'audit.csv';
  a.click();
  URL.revokeObjectURL(url);
}
