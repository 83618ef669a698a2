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

export type { Report, ReportDefinition, RunResult };
export type RunPeriod = { from?: string; to?: string; tz?: string };
type Fresh<T> = T & { freshness?: Freshness };

/** Every key of the reports area, from one factory (invalidate `all` after a write). */
export const reportKeys = {
  all: ['reports'] as const,
  list: () => [...reportKeys.all, 'list'] as const,
  one: (id: string) => [...reportKeys.all, 'one', id] as const,
  preview: (definition: ReportDefinition, period: RunPeriod) =>
    [...reportKeys.all, 'preview', definition, period] as const,
};

export const useReportsQuery = () =>
  useQuery({
    queryKey: reportKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ items: Report[] }>('/reports', { signal }),
  });

export const useReportQuery = (id: string | null) =>
  useQuery({
    queryKey: reportKeys.one(id ?? ''),
    enabled: Boolean(id),
    queryFn: ({ signal }) => apiFetch<Report>(`/reports/${id}`, { signal }),
  });

/** The builder's live preview: re-runs whenever the definition or the period changes. */
export const useReportPreview = (definition: ReportDefinition, period: RunPeriod, enabled: boolean) =>
  useQuery({
    queryKey: reportKeys.preview(definition, period),
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
      client.setQueryData(reportKeys.one(report.id), report);
      void client.invalidateQueries({ queryKey: reportKeys.list() });
    },
  });
}
