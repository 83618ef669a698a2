/** The timeline: filters (in the URL), overview strip driving the range, virtualized list, drawer, live. */
import { useCallback, useMemo, useRef } from 'react';
import { useEventsQuery } from '../api/useEventsQuery.js';
import { Icon } from '../components/icon.js';
import { EmptyState, ErrorState, Spinner } from '../components/states.js';
import { TimelineExport } from '../features/exports/timeline-export.js';
import { FilterBar } from '../features/filters/filter-bar.js';
import { toApiFilters } from '../features/filters/url-filters.js';
import { useUrlFilters } from '../features/filters/use-filters.js';
import { EventDrawer } from '../features/timeline/event-drawer.js';
import { EventList } from '../features/timeline/event-list.js';
import { OverviewStrip } from '../features/timeline/overview-strip.js';
import { ScopeTitle } from '../features/timeline/scope-title.js';
import { useLiveTimeline } from '../features/timeline/use-live-timeline.js';
import { TimelineScopeRoot } from '../features/timelines/timeline-scope-root.js';
import { TimelineToolbar } from '../features/timelines/timeline-toolbar.js';
import { useTimelineView } from '../features/timelines/view.js';

/** `?timeline=<id>` opens a saved timeline: its filters, colours and columns apply below. */
export function TimelinePage() {
  return (
    <TimelineScopeRoot>
      <TimelineView />
    </TimelineScopeRoot>
  );
}

function TimelineView() {
  const { filters, api, setFilters, params, setParams } = useUrlFilters();
  const { panels } = useTimelineView();
  const scrollRef = useRef<HTMLDivElement>(null);
  const events = useEventsQuery(api);
  const overviewFilters = useMemo(
    () => toApiFilters({ ...filters, from: undefined, to: undefined }),
    [filters],
  );
  const live = useLiveTimeline(api, scrollRef);
  const { merge } = live;
  const items = useMemo(() => merge(events.data?.pages.flatMap((p) => p.items) ?? []), [events.data, merge]);
  const selected = params.get('event');
  const open = useCallback(
    (id: string) =>
      setParams((p) => {
        const n = new URLSearchParams(p);
        n.set('event', id);
        return n;
      }),
    [setParams],
  );
  const close = useCallback(
    () =>
      setParams((p) => {
        const n = new URLSearchParams(p);
        n.delete('event');
        return n;
      }),
    [setParams],
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = events;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  return (
    <main id="main" className="page timeline-page">
      <div className="page-head">
        <ScopeTitle filters={filters} />
        <TimelineExport filters={api} />
        <span className={`live-status live-${live.status}`} role="status">
          <Icon name="live" size={16} />
          {live.status === 'live'
            ? 'Live'
            : live.status === 'connecting'
              ? 'Connecting…'
              : 'Offline (retrying)'}
        </span>
      </div>
      <TimelineToolbar filters={filters} onFiltersChange={setFilters} />
      {panels.has('filters') && <FilterBar filters={filters} onChange={setFilters} />}
      {panels.has('histogram') && (
        <OverviewStrip
          filters={overviewFilters}
          from={filters.from}
          to={filters.to}
          ready={!events.isPending}
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
        <div ref={scrollRef} className="list-scroll" data-testid="timeline-scroll">
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
