/**
 * The virtualized timeline list, grouped by day in the page's zone. Only visible rows are in the
 * DOM (10,000+ items scroll smoothly); nearing the end loads the next page by cursor. The current
 * day's header sticks to the top while scrolling, with a relative date ("Yesterday"). The list is
 * one Tab stop (roving tabindex): ArrowUp/ArrowDown/Home/End move between rows, Enter opens one.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { daysAgo, startOfDay } from '../../../../src/time/local-calendar.js';
import type { Event } from '../../api/types.js';
import { groupOf, useTimelineView } from '../saved-timelines/view.js';
import { type DisplayZone, useDisplayZone } from './display-zone.js';
import { EventRow } from './event-row.js';

type Row =
  | { kind: 'day'; key: string; label: string; relative: string; count: number }
  | { kind: 'event'; key: string; event: Event };

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "Today", "Yesterday", "3 days ago", "Tomorrow" within two weeks; empty further away. */
export function relativeDay(ms: number, now: number, zone: string): string {
  const n = daysAgo(ms, now, zone);
  if (Math.abs(n) > 13) return '';
  const text = relativeFormat.format(-n, 'day');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Rows with a header per local day (or per week, or none, as a saved timeline's view asks). */
function toRows(events: Event[], grouping: 'day' | 'week' | 'none', z: DisplayZone, now: number): Row[] {
  const rows: Row[] = [];
  let current = '';
  let header: Extract<Row, { kind: 'day' }> | null = null;
  for (const e of events) {
    if (grouping === 'none') {
      rows.push({ kind: 'event', key: e.id, event: e });
      continue;
    }
    const ms = Date.parse(e.event_timestamp);
    const week = grouping === 'week' ? groupOf(e.event_timestamp, z.zone, z.date) : null;
    const dayStart = week ? week.start : startOfDay(ms, z.zone);
    const k = week?.key ?? `d:${dayStart}`;
    if (k !== current) {
      current = k;
      const label = week?.label ?? z.day.format(ms);
      header = { kind: 'day', key: k, label, relative: week ? '' : relativeDay(ms, now, z.zone), count: 0 };
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
  const z = useDisplayZone();
  const rows = useMemo(() => toRows(events, view.grouping, z, Date.now()), [events, view.grouping, z]);
  const lastDay = useMemo(() => rows.findLast((r) => r.kind === 'day'), [rows]);
  const [activeId, setActiveId] = useState<string | null>(null);
  // Where the list starts inside its scroll area: 0 when the list scrolls itself, the height of the
  // page head above it when the page is the scroll area (phones).
  const listRef = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const list = listRef.current;
    const area = scrollRef.current;
    if (!list || !area) return;
    const top = list.getBoundingClientRect().top - area.getBoundingClientRect().top + area.scrollTop;
    setMargin(Math.max(0, Math.round(top)));
  });
  const virtualizer = useVirtualizer({
    scrollMargin: margin,
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

  // The one row reachable by Tab: the last focused one while it is rendered, else the first shown.
  const rendered = items.map((vi) => rows[vi.index]).filter((r) => r?.kind === 'event');
  const tabStop = rendered.some((r) => r.key === activeId) ? activeId : (rendered[0]?.key ?? null);
  // The header of the day at the top of the viewport, shown stuck over the list.
  const offset = virtualizer.scrollOffset ?? 0;
  const topIndex = items.find((vi) => vi.end > offset + 1)?.index ?? 0;
  const stuck = offset > margin ? rows.slice(0, topIndex + 1).findLast((r) => r.kind === 'day') : undefined;

  const pendingFocus = useRef<string | undefined>(undefined);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    // A row still waiting to be rendered and focused counts as the current one: key repeat (or a
    // quick second press) arrives before the next frame, and would otherwise move from the old row.
    const id = pendingFocus.current ?? (document.activeElement as HTMLElement | null)?.dataset.eventId;
    const at = rows.findIndex((r) => r.key === id);
    let next = at;
    const step = e.key === 'ArrowDown' ? 1 : -1;
    if (e.key === 'Home') next = rows.findIndex((r) => r.kind === 'event');
    else if (e.key === 'End') next = rows.length - 1;
    else
      do next += step;
      while (rows[next]?.kind === 'day');
    const row = rows[next];
    if (row?.kind !== 'event') return;
    e.preventDefault();
    setActiveId(row.key);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    const find = () => scrollRef.current?.querySelector<HTMLElement>(`[data-event-id="${row.event.id}"]`);
    const shown = find();
    if (shown) {
      shown.focus();
      return;
    }
    pendingFocus.current = row.key;
    requestAnimationFrame(() => {
      if (pendingFocus.current === row.key) pendingFocus.current = undefined;
      find()?.focus();
    });
  };

  return (
    <>
      {stuck?.kind === 'day' && (
        <div className="day-sticky" aria-hidden="true">
          <div className="day-sticky-head">
            <DayHeading row={stuck} more={hasMore && stuck === lastDay} />
          </div>
        </div>
      )}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow-key roving between the row buttons */}
      <div
        ref={listRef}
        className={`event-list density-${view.density}`}
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          const id = (e.target as HTMLElement).dataset.eventId;
          if (id) setActiveId(id);
        }}
      >
        {items.map((vi) => {
          const row = rows[vi.index];
          return (
            <div
              key={vi.key}
              data-index={vi.index}
              ref={virtualizer.measureElement}
              className="vrow"
              style={{ transform: `translateY(${vi.start - margin}px)` }}
            >
              {!row ? (
                <div className="state" role="status">
                  {loadingMore ? 'Loading more…' : ''}
                </div>
              ) : row.kind === 'day' ? (
                <h3 className="day-head">
                  <DayHeading row={row} more={hasMore && row === lastDay} />
                </h3>
              ) : (
                <EventRow
                  event={row.event}
                  selected={row.event.id === selectedId}
                  isNew={newIds.has(row.event.id)}
                  tabIndex={row.key === tabStop ? 0 : -1}
                  onOpen={onOpen}
                />
              )}
            </div>
          );
        })}
      </div>
    </>
  );
}

function DayHeading({ row, more }: { row: Extract<Row, { kind: 'day' }>; more: boolean }) {
  return (
    <>
      {row.relative && <span className="day-relative">{row.relative} · </span>}
      {row.label}{' '}
      <span className="muted">
        · {row.count}
        {more ? '+' : ''} {row.count === 1 && !more ? 'activity' : 'activities'}
      </span>
    </>
  );
}
