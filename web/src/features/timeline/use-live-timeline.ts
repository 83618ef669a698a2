/**
 * Applies live stream messages to the cached timeline pages: new events are prepended at once when
 * the list is at the top, otherwise held back behind an "N new" pill; updates and deletions are
 * applied in place; a `reset` reloads.
 */
import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { type RefObject, useState } from 'react';
import type { TimelineFilters } from '../../../../src/events/filters.js';
import type { Event, Page } from '../../api/types.js';
import { useLiveStream } from '../../api/useLiveStream.js';
import { eventsKey, useTimelineScope } from '../timelines/timeline-scope.js';

type Pages = InfiniteData<Page<Event>, string | undefined>;

export function useLiveTimeline(filters: TimelineFilters, scrollRef: RefObject<HTMLDivElement | null>) {
  const queryClient = useQueryClient();
  const key = eventsKey(filters, useTimelineScope().timelineId);
  const [pending, setPending] = useState<Event[]>([]);
  const [newIds, setNewIds] = useState<Set<string>>(new Set());

  const edit = (fn: (items: Event[]) => Event[]) =>
    queryClient.setQueryData<Pages>(key, (old) =>
      old
        ? { ...old, pages: old.pages.map((p, i) => ({ ...p, items: fn(i === 0 ? p.items : p.items) })) }
        : old,
    );
  const prepend = (events: Event[]) => {
    queryClient.setQueryData<Pages>(key, (old) => {
      if (!old?.pages[0]) return old;
      const seen = new Set(old.pages.flatMap((p) => p.items.map((e) => e.id)));
      const fresh = events.filter((e) => !seen.has(e.id));
      const [first, ...rest] = old.pages;
      const items = [...fresh, ...first.items].sort((a, b) =>
        b.event_timestamp.localeCompare(a.event_timestamp),
      );
      return { ...old, pages: [{ ...first, items }, ...rest] };
    });
    setNewIds((s) => new Set([...s, ...events.map((e) => e.id)]));
  };
  // Events after the visible window's end (zoomed into the past) are not shown live.
  const inRange = (e: Event) => !filters.to || e.event_timestamp < filters.to;

  const status = useLiveStream(filters, {
    onCreated: (e) => {
      if (!inRange(e)) return;
      if ((scrollRef.current?.scrollTop ?? 0) < 40) prepend([e]);
      else setPending((p) => (p.some((x) => x.id === e.id) ? p : [e, ...p]));
    },
    onUpdated: (e) => {
      edit((items) => items.map((x) => (x.id === e.id ? e : x)));
      queryClient.setQueryData(['event', e.id], e);
    },
    onDeleted: (id) => edit((items) => items.filter((x) => x.id !== id)),
    onReset: () => void queryClient.invalidateQueries({ queryKey: ['events'] }),
  });

  // Not a state updater: prepending writes the query cache, a side effect that must not run in render.
  const showPending = () => {
    scrollRef.current?.scrollTo({ top: 0 });
    if (pending.length) prepend(pending);
    setPending([]);
  };

  return { status, pending: pending.length, showPending, newIds };
}
