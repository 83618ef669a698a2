/** A short list of the latest events for a scope, linking into the full timeline (and its drawer). */
import { Link } from 'react-router';
import type { TimelineFilters } from '../../../../src/events/filters.js';
import { useEventsQuery } from '../../api/useEventsQuery.js';
import { FigureCard } from '../../components/figure-card.js';
import { TypeIcon, typeMeta } from '../../components/type-badge.js';
import { timelineHref } from '../filters/url-filters.js';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function RecentEvents({
  title,
  filters,
  className,
}: {
  title: string;
  filters: TimelineFilters;
  className?: string;
}) {
  const events = useEventsQuery(filters);
  const items = events.data?.pages[0]?.items.slice(0, 8) ?? [];
  const href = timelineHref(filters);
  return (
    <FigureCard
      className={className}
      title={title}
      subtitle="Latest activities, newest first"
      query={events}
      isEmpty={!items.length}
      emptyWhy="No activity recorded for this scope yet."
      actions={
        <Link className="btn" to={href}>
          Open timeline
        </Link>
      }
    >
      <ol className="history">
        {items.map((e) => (
          <li key={e.id}>
            <TypeIcon type={e.event_type} />
            <span>
              <Link to={`${href}${href.includes('?') ? '&' : '?'}event=${e.id}`}>{e.event_title}</Link>
              <span className="muted">
                {' '}
                · {typeMeta(e.event_type).label} · {e.customer_name} ·{' '}
                {when.format(new Date(e.event_timestamp))}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </FigureCard>
  );
}
