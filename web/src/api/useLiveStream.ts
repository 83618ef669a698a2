/**
 * The live stream (SSE) for a filter set. EventSource cannot send headers, so a short-lived stream
 * token is fetched first (POST /stream/tokens) and passed as ?token=. When the connection is closed
 * for good, or the server ends it with `reauthenticate` (the session's token expired), a new token
 * is fetched (renewing a demo session if need be) and the stream resumes after the last seq.
 */
import { useEffect, useRef, useState } from 'react';
import type { TimelineFilters } from '../../../src/events/filters.js';
import type { StreamMetrics } from '../../../src/stream/schema.js';
import { apiFetch, toSearch } from './client.js';
import type { Event } from './types.js';

export interface LiveHandlers {
  onCreated?: (event: Event) => void;
  onUpdated?: (event: Event) => void;
  onDeleted?: (id: string) => void;
  onReset?: () => void;
  onMetrics?: (metrics: StreamMetrics) => void;
}

/** 'paused': not connecting on purpose (updates off for this view), not a failure to retry. */
export type LiveStatus = 'connecting' | 'live' | 'offline' | 'paused';

/** The window event a saved timeline's notification arrives as (notification-toasts.tsx shows it). */
export const NOTIFICATION_EVENT = 'crm-timeline:notification';

export interface LiveOptions {
  /** Also the company's live metrics (dashboards). */
  metrics?: boolean;
  /** Stream saved timeline `timelineId`'s events (?timeline_id=). */
  timelineId?: string;
  /** Do not connect (a saved timeline whose real_time_updates is off, the unanswered queue). */
  paused?: boolean;
}

export function useLiveStream(
  filters: TimelineFilters,
  handlers: LiveHandlers,
  { metrics = false, timelineId, paused = false }: LiveOptions = {},
) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const key = JSON.stringify({ filters, timeline_id: timelineId });

  useEffect(() => {
    let source: EventSource | null = null;
    let stopped = false;
    let lastSeq: string | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const { filters: parsedFilters, timeline_id } = JSON.parse(key) as {
      filters: TimelineFilters;
      timeline_id?: string;
    };
    if (paused) {
      setStatus('paused');
      return;
    }

    const connect = async () => {
      setStatus('connecting');
      try {
        const { token } = await apiFetch<{ token: string }>('/stream/tokens', { method: 'POST', body: {} });
        if (stopped) return;
        const query = {
          ...parsedFilters,
          timeline_id,
          token,
          last_event_id: lastSeq,
          metrics: metrics || undefined,
        };
        source = new EventSource(`/api/v1/stream${toSearch(query)}`);
      } catch {
        if (!stopped) retry = setTimeout(() => void connect(), 10_000);
        setStatus('offline');
        return;
      }
      const track = (e: MessageEvent) => {
        if (e.lastEventId) lastSeq = e.lastEventId;
      };
      source.onopen = () => setStatus('live');
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED) {
          setStatus('offline');
          source.close();
          if (!stopped) retry = setTimeout(() => void connect(), 3000);
        } else setStatus('connecting');
      };
      source.addEventListener('event.created', (e) => {
        track(e);
        handlersRef.current.onCreated?.(JSON.parse(e.data) as Event);
      });
      source.addEventListener('event.updated', (e) => {
        track(e);
        handlersRef.current.onUpdated?.(JSON.parse(e.data) as Event);
      });
      source.addEventListener('event.deleted', (e) => {
        track(e);
        handlersRef.current.onDeleted?.((JSON.parse(e.data) as { id: string }).id);
      });
      source.addEventListener('reset', (e) => {
        track(e);
        handlersRef.current.onReset?.();
      });
      source.addEventListener('notification', (e) => {
        window.dispatchEvent(new CustomEvent(NOTIFICATION_EVENT, { detail: JSON.parse(e.data) }));
      });
      source.addEventListener('reauthenticate', () => {
        source?.close();
        if (!stopped) void connect(); // apiFetch renews the session when its token expired
      });
      source.addEventListener('metrics', (e) => {
        handlersRef.current.onMetrics?.(JSON.parse(e.data) as StreamMetrics);
      });
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [key, metrics, paused]);

  return status;
}
