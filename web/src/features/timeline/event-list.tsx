/**
 * The virtualized timeline list, grouped by day. Only visible rows are in the DOM (10,000+ items
 * scroll smoothly); nearing the end loads the next page by cursor. ArrowUp/ArrowDown move focus
 * between events (scrolling virtual rows into view), Enter opens the drawer.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type RefObject, useEffect, useMemo } from 'react';
import type { Event } from '../../api/types.js';
import { groupOf, useTimelineView } from '../timelines/view.js';
import { EventRow } from './event-row.js';

type Row =
  | { kind: 'day'; key: string; label: string; count: number }
  | { kind: 'event'; key: string; event: Event };

const dayKey = (iso: string) => new Date(iso).toDateString();
const dayLabel = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** Rows with a header per day (or per week, or none, as a saved timeline's view asks). */
function toRows(events: Event[], grouping: 'day' | 'week' | 'none' = 'day'): Row[] {
  const rows: Row[] = [];
  let current = '';
  let header: Extract<Row, { kind: 'day' }> | null = null;
  for (const e of events) {
    if (grouping === 'none') {
      rows.push({ kind: 'event', key: e.id, event: e });
      continue;
    }
    const group = grouping === 'week' ? groupOf(e.event_timestamp) : null;
    const k = group?.key ?? dayKey(e.event_timestamp);
    if (k !== current) {
      current = k;
      const label = group?.label ?? dayLabel.format(new Date(e.event_timestamp));
      header = { kind: 'day', key: `d:${k}`, label, count: 0 };
      rows.push(header);
    }
    if (header) header.count++;
    rows.push({ kind: 'event', key: e.id, event: e });
  }
  return rows;
}

interface Props {
  events: Event[];
  scrollRef: RefObject<HTMLDivElement | null>;
  selectedId: string | null;
  newIds: Set<string>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (id: string) => void;
}

export function EventList({
  events,
  scrollRef,
  selectedId,
  newIds,
  hasMore,
  loadingMore,
  onLoadMore,
  onOpen,
}: Props) {
  const view = useTimelineView();
  const rows = useMemo(() => toRows(events, view.grouping), [events, view.grouping]);
  const lastDay = useMemo(() => rows.findLast((r) => r.kind === 'day'), [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'day' ? 40 : 72),
    overscan: 8,
    getItemKey: (i) => rows[i]?.key ?? 'loader',
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 15) onLoadMore();
  }, [lastIndex, rows.length, hasMore, loadingMore, onLoadMore]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    const id = (document.activeElement as HTMLElement | null)?.dataset.eventId;
    const at = rows.findIndex((r) => r.key === id);
    let next = at;
    const step = e.key === 'ArrowDown' ? 1 : -1;
    if (e.key === 'Home') next = 1;
    else if (e.key === 'End') next = rows.length - 1;
    else
      do next += step;
      while (rows[next]?.kind === 'day');
    const row = rows[next];
    if (row?.kind !== 'event') return;
    e.preventDefault();
    virtualizer.scrollToIndex(next, { align: 'auto' });
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLElement>(`[data-event-id="${row.event.id}"]`)?.focus(),
    );
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: arrow-key roving between the row buttons
    <div
      className={`event-list density-${view.density}`}
      style={{ height: virtualizer.getTotalSize() }}
      onKeyDown={onKeyDown}
    >
      {items.map((vi) => {
        const row = rows[vi.index];
        return (
          <div
            key={vi.key}
            data-index={vi.index}
            ref={virtualizer.measureElement}
            className="vrow"
            style={{ transform: `translateY(${vi.start}px)` }}
          >
            {!row ? (
              <div className="state" role="status">
                {loadingMore ? 'Loading more…' : ''}
              </div>
            ) : row.kind === 'day' ? (
              <h3 className="day-head">
                {row.label}{' '}
                <span className="muted">
                  · {row.count}
                  {hasMore && row === lastDay ? '+' : ''} activities
                </span>
              </h3>
            ) : (
              <EventRow
                event={row.event}
                selected={row.event.id === selectedId}
                isNew={newIds.has(row.event.id)}
                onOpen={onOpen}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
