/** The timeline: filters (in the URL), overview strip driving the range, virtualized list, drawer, live. */
import { useCallback, useMemo, useRef } from 'react';
import { useEventsQuery } from '../api/useEventsQuery.js';
import type { LiveStatus } from '../api/useLiveStream.js';
import { Icon } from '../components/icon.js';
import { EmptyState, ErrorState, Spinner } from '../components/states.js';
import { TimelineExport } from '../features/exports/timeline-export.js';
import { FilterBar } from '../features/filters/filter-bar.js';
import { toListQuery } from '../features/filters/url-filters.js';
import { useUrlFilters } from '../features/filters/useUrlFilters.js';
import { ColumnHeader } from '../features/saved-timelines/column-cells.js';
import { DefaultTimelineLanding } from '../features/saved-timelines/default-landing.js';
import { useTimelineScope } from '../features/saved-timelines/timeline-scope.js';
import { TimelineScopeRoot } from '../features/saved-timelines/timeline-scope-root.js';
import { TimelineToolbar } from '../features/saved-timelines/timeline-toolbar.js';
import { useTimelineView } from '../features/saved-timelines/view.js';
import { CommandPalette } from '../features/timeline-view/command-palette.js';
import { DisplayZoneProvider, useDisplayZone } from '../features/timeline-view/display-zone.js';
import { EventDrawer } from '../features/timeline-view/event-drawer.js';
import { EventList } from '../features/timeline-view/event-list.js';
import { OverviewStrip } from '../features/timeline-view/overview-strip.js';
import { ScopeTitle } from '../features/timeline-view/scope-title.js';
import { useLiveTimeline } from '../features/timeline-view/useLiveTimeline.js';
import { useNarrowScreen } from '../features/timeline-view/useNarrowScreen.js';
import { useRangeControl } from '../features/timeline-view/useRangeControl.js';
import '../features/timeline-view/timeline-view.css';

/** What the live badge says; 'paused' is a view whose updates are off (not a failure to retry). */
const LIVE_LABEL: Record<LiveStatus, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline (retrying)',
  paused: 'Updates off',
};

/**
 * `?timeline=<id>` opens a saved timeline: its name, filters, colours and columns apply below. A bare
 * `/timeline` opens the role's default timeline for roles narrower than the company's.
 */
export function TimelinePage() {
  return (
    <DisplayZoneProvider>
      <DefaultTimelineLanding>
        <TimelineScopeRoot>
          <TimelineView />
        </TimelineScopeRoot>
      </DefaultTimelineLanding>
    </DisplayZoneProvider>
  );
}

function TimelineView() {
  const { filters, list: listQuery, zone, setFilters, params, setParams } = useUrlFilters();
  const { panels } = useTimelineView();
  const { timeline, timelineId } = useTimelineScope();
  const { range, chips } = useRangeControl(filters, setFilters);
  // Phones: the page is the one scroll area (the list scrolls with it); wider: the list scrolls.
  const narrow = useNarrowScreen();
  const scrollRef = useRef<HTMLDivElement>(null);
  // A preset's window depends on the zone: wait for it rather than fetch a page twice.
  const zoneReady = useDisplayZone().ready;
  // The list's query: the filters and the unanswered queue's parameter (a saved timeline takes it too).
  const events = useEventsQuery(listQuery, {
    enabled: zoneReady || !filters.range || filters.range === 'all',
    timelineId,
  });
  // The strip spans the preset's window (or all time) so one can zoom out of an explicit range;
  // it counts the list's events (the unanswered queue's too).
  const overviewFilters = useMemo(
    () => toListQuery({ ...filters, from: undefined, to: undefined }, new Date(), zone),
    [filters, zone],
  );
  const live = useLiveTimeline(listQuery, scrollRef);
  const { merge } = live;
  const items = useMemo(() => merge(events.data?.pages.flatMap((p) => p.items) ?? []), [events.data, merge]);
  const selected = params.get('event');
  const setEvent = useCallback(
    (id?: string) =>
      setParams((p) => {
        const n = new URLSearchParams(p);
        if (id) n.set('event', id);
        else n.delete('event');
        return n;
      }),
    [setParams],
  );
  const open = useCallback((id: string) => setEvent(id), [setEvent]);
  const close = useCallback(() => setEvent(), [setEvent]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = events;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  return (
    <main id="main" className="page timeline-page" ref={narrow ? scrollRef : undefined}>
      <div className="page-head">
        <ScopeTitle filters={filters} />
        <CommandPalette />
        <TimelineExport filters={listQuery} />
        <span className={`live-status live-${live.status}`} role="status">
          <Icon name="live" size={16} />
          {LIVE_LABEL[live.status]}
          {live.reloads && live.status === 'live' ? ' · reloads' : ''}
        </span>
      </div>
      <TimelineToolbar filters={filters} onFiltersChange={setFilters} />
      {panels.has('filters') && (
        <FilterBar filters={filters} onChange={setFilters} range={range} timeline={chips} />
      )}
      {panels.has('histogram') && (
        <OverviewStrip
          filters={overviewFilters}
          from={filters.from}
          to={filters.to}
          onRangeChange={(from, to) => setFilters({ ...filters, from, to }, { replace: true })}
        />
      )}
      <section className="list-pane" aria-label="Activities">
        {live.pending > 0 && (
          <button type="button" className="new-pill" onClick={live.showPending}>
            <Icon name="arrowUp" size={16} /> {live.pending} new{' '}
            {live.pending === 1 ? 'activity' : 'activities'}
          </button>
        )}
        {live.reloads && (
          <p className="muted list-note" data-testid="reload-note">
            Unanswered inbound only: new activity reloads the list, so an event leaves it once answered.
          </p>
        )}
        {timeline && <ColumnHeader columns={timeline.column_configuration} />}
        <div ref={narrow ? undefined : scrollRef} className="list-scroll" data-testid="timeline-scroll">
          {events.isPending ? (
            <Spinner label="Loading activities" />
          ) : events.error ? (
            <ErrorState error={events.error} onRetry={() => void events.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState
              title="No activities"
              why="Nothing matches these filters in this period. Widen the date range, zoom out, or clear filters."
            />
          ) : (
            <EventList
              events={items}
              scrollRef={scrollRef}
              selectedId={selected}
              newIds={live.newIds}
              hasMore={!!hasNextPage}
              loadingMore={isFetchingNextPage}
              onLoadMore={loadMore}
              onOpen={open}
            />
          )}
        </div>
        <p className="list-count muted" aria-live="polite">
          {items.length ? `${items.length}${hasNextPage ? '+' : ''} activities loaded` : ''}
        </p>
      </section>
      {selected && <EventDrawer id={selected} onClose={close} />}
    </main>
  );
}
