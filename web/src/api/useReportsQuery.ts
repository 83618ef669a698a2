/** The reports API: saved reports (list, one, save, change) and runs (preview of a definition, a saved report's run). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Freshness } from '../../../src/analytics/read-guard.js';
import type {
  Report,
  ReportDefinition,
  ReportInput,
  ReportPatch,
  RunResult,
} from '../../../src/reports/schema.js';
import { apiFetch } from './client.js';
import { keys } from './keys.js';

export type { Report, ReportDefinition, RunResult };
export type RunPeriod = { from?: string; to?: string; tz?: string };
type Fresh<T> = T & { freshness?: Freshness };

export const useReportsQuery = () =>
  useQuery({
    queryKey: keys.reports.list(),
    queryFn: ({ signal }) => apiFetch<{ items: Report[] }>('/reports', { signal }),
  });

export const useReportQuery = (id: string | null) =>
  useQuery({
    queryKey: keys.reports.one(id ?? ''),
    enabled: Boolean(id),
    queryFn: ({ signal }) => apiFetch<Report>(`/reports/${id}`, { signal }),
  });

/** The builder's live preview: re-runs whenever the definition or the period changes. */
export const useReportPreview = (definition: ReportDefinition, period: RunPeriod, enabled: boolean) =>
  useQuery({
    queryKey: keys.reports.preview(definition, period),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: ({ signal }) =>
      apiFetch<Fresh<RunResult>>('/reports/preview', {
        method: 'POST',
        body: { definition, ...period },
        signal,
      }),
  });

/** Saves a new report, or changes the one with `id`. */
export function useSaveReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ReportInput | ReportPatch }) =>
      id
        ? apiFetch<Report>(`/reports/${id}`, { method: 'PATCH', body })
        : apiFetch<Report>('/reports', { method: 'POST', body }),
    onSuccess: (report) => {
      client.setQueryData(keys.reports.one(report.id), report);
      void client.invalidateQueries({ queryKey: keys.reports.list() });
    },
  });
}

/** A private copy of a report one can read (POST /reports/:id/duplicate); answers the copy. */
export function useDuplicateReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name?: string }) =>
      apiFetch<Report>(`/reports/${id}/duplicate`, {
        method: 'POST',
        body: name ? { report_name: name } : {},
      }),
    onSuccess: (report) => {
      client.setQueryData(keys.reports.one(report.id), report);
      void client.invalidateQueries({ queryKey: keys.reports.list() });
    },
  });
}
