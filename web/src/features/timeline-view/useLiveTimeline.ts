/**
 * Applies live stream messages to the timeline: new events are shown at once when the list is at
 * the top, otherwise held back behind an "N new" pill; updates and deletions are applied in place;
 * a `reset` reloads. New events are kept in local state and merged into the pages at render (not
 * written into the query cache), so an infinite-scroll fetch in flight cannot overwrite them.
 * A saved timeline that keeps to unanswered inbound events reloads its list on messages instead:
 * only the server can tell whether an event is still unanswered (a reply may have just answered it).
 * Its reloads are coalesced (coalesce-reloads.ts): a burst of messages is a few reloads, not one each.
 */
import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { keys } from '../../api/keys.js';
import type { Event, Page } from '../../api/types.js';
import type { ListQuery } from '../../api/useEventsQuery.js';
import { useLiveStream } from '../../api/useLiveStream.js';
import { useTimelineScope } from '../saved-timelines/timeline-scope.js';
import { type CoalescedReloads, coalesceReloads } from './coalesce-reloads.js';

type Pages = InfiniteData<Page<Event>, string | undefined>;

export function useLiveTimeline(filters: ListQuery, scrollRef: RefObject<HTMLDivElement | null>) {
  const queryClient = useQueryClient();
  const { timelineId, timeline } = useTimelineScope();
  const key = keys.events.list(filters, timelineId);
  const keyText = JSON.stringify(key);
  const [pending, setPending] = useState<Event[]>([]);
  const [shown, setShown] = useState<Event[]>([]);
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [newIds, setNewIds] = useState<Set<string>>(new Set());
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the list's key changes
  useEffect(() => {
    setPending([]);
    setShown([]);
    setRemoved(new Set());
  }, [keyText]);

  const show = (events: Event[]) => {
    setShown((s) => [...events, ...s]);
    setNewIds((s) => new Set([...s, ...events.map((e) => e.id)]));
  };
  const replace = (list: Event[], e: Event) => list.map((x) => (x.id === e.id ? e : x));
  // Events after the visible window's end (zoomed into the past) are not shown live.
  const inRange = (e: Event) => !filters.to || e.event_timestamp < filters.to;
  const reloads = timeline?.default_filters.unanswered === true;
  // The reload reads the current key through a ref; one coalescer per list (a new list loads anyway).
  const refetch = useRef<() => Promise<unknown>>(async () => {});
  refetch.current = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: key }),
      queryClient.invalidateQueries({ queryKey: keys.histogram.all }),
    ]);
  const coalesced = useRef<CoalescedReloads | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new coalescer when the list's key changes
  useEffect(() => {
    const c = coalesceReloads(() => refetch.current());
    coalesced.current = c;
    return () => c.dispose();
  }, [keyText]);
  const reload = () => coalesced.current?.request();

  const status = useLiveStream(
    filters,
    {
      onCreated: (e) => {
        if (reloads) return reload();
        if (!inRange(e)) return;
        if ((scrollRef.current?.scrollTop ?? 0) < 40) show([e]);
        else setPending((p) => (p.some((x) => x.id === e.id) ? p : [e, ...p]));
      },
      onUpdated: (e) => {
        if (reloads) return reload();
        queryClient.setQueryData<Pages>(key, (old) =>
          old ? { ...old, pages: old.pages.map((p) => ({ ...p, items: replace(p.items, e) })) } : old,
        );
        setShown((s) => replace(s, e));
        setPending((s) => replace(s, e));
        queryClient.setQueryData(['event', e.id], e);
      },
      // A deletion or a retention purge (`purged: true`): the row goes, and so does a held-back new one.
      onDeleted: (id) => {
        if (reloads) return reload();
        setRemoved((s) => new Set([...s, id]));
        setPending((p) => (p.some((x) => x.id === id) ? p.filter((x) => x.id !== id) : p));
      },
      onReset: () => void queryClient.invalidateQueries({ queryKey: keys.events.all }),
    },
    // A saved timeline streams its own events unless its real_time_updates is off. The unanswered
    // queue is not live: whether an event is still unanswered is the server's call (a later reply).
    { timelineId, paused: timeline?.real_time_updates === false || filters.unanswered === true },
  );

  const showPending = () => {
    show(pending);
    setPending([]);
    // Scroll after the rows are rendered and measured: the virtualizer adjusts the scroll offset for
    // rows inserted above it from its last known offset, which would undo an earlier scroll.
    requestAnimationFrame(() => requestAnimationFrame(() => scrollRef.current?.scrollTo({ top: 0 })));
  };

  /** The loaded pages plus the live events, newest first, without duplicates or deleted ones. */
  const merge = useCallback(
    (items: Event[]) => {
      if (!shown.length && !removed.size) return items;
      const loaded = new Set(items.map((e) => e.id));
      const extra = shown.filter((e) => !loaded.has(e.id));
      const all = extra.length
        ? [...extra, ...items].sort((a, b) => b.event_timestamp.localeCompare(a.event_timestamp))
        : items;
      return removed.size ? all.filter((e) => !removed.has(e.id)) : all;
    },
    [shown, removed],
  );

  return { status, pending: pending.length, showPending, newIds, merge, reloads };
}
