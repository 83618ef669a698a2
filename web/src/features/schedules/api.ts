/** Report schedules: queries and mutations (keys under ['report-schedules']). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Delivery, Schedule, ScheduleInput, SchedulePatch } from '../../../../src/schedules/schema.js';
import { apiFetch } from '../../api/client.js';
import { keys } from '../../api/keys.js';

// Keys come from the app's one factory (api/keys.ts).
const scheduleKeys = keys.schedules;

export function useSchedulesQuery() {
  return useQuery({
    queryKey: scheduleKeys.all,
    queryFn: () => apiFetch<{ items: Schedule[]; email_transport: 'smtp' | 'outbox' }>('/report-schedules'),
    // A last delivery still running (send now) finishes in the background: poll until it did.
    refetchInterval: (query) =>
      query.state.data?.items.some((s) => s.last_delivery?.status === 'running') ? 1000 : false,
  });
}

export function useDeliveriesQuery(id: string | null) {
  return useQuery({
    queryKey: scheduleKeys.deliveries(id ?? ''),
    enabled: id !== null,
    queryFn: () => apiFetch<{ items: Delivery[] }>(`/report-schedules/${id}/deliveries`),
    // Send now answers at once and delivers in the background: follow a running delivery's progress.
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'running') ? 1000 : false),
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: scheduleKeys.all });
}

export function useSaveSchedule() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ScheduleInput | SchedulePatch }) =>
      id
        ? apiFetch<Schedule>(`/report-schedules/${id}`, { method: 'PATCH', body })
        : apiFetch<Schedule & { webhook_secret: string }>('/report-schedules', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

/** pause, resume, send-now, rotate-secret and delete. */
export function useScheduleAction() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'pause' | 'resume' | 'send-now' | 'delete' }) =>
      action === 'delete'
        ? apiFetch<null>(`/report-schedules/${id}`, { method: 'DELETE' })
        : apiFetch<unknown>(`/report-schedules/${id}/${action}`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}
