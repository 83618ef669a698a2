/** One timeline row: type icon and label, title, who/whom, time, status; a button opening the drawer. */
import { memo } from 'react';
import type { Event } from '../../api/types.js';
import { TypeIcon, typeMeta } from '../../components/type-badge.js';
import { humanize } from '../filters/filter-options.js';
import { ColumnCells } from '../saved-timelines/column-cells.js';
import { useTimelineScope } from '../saved-timelines/timeline-scope.js';
import { useDisplayZone } from './display-zone.js';

export const EventRow = memo(function EventRow({
  event,
  selected,
  isNew,
  tabIndex,
  onOpen,
}: {
  event: Event;
  selected: boolean;
  isNew?: boolean;
  /** 0 for the list's one Tab stop, -1 for the others (arrow keys move between them). */
  tabIndex?: number;
  onOpen: (id: string) => void;
}) {
  const { time } = useDisplayZone();
  const meta = typeMeta(event.event_type);
  // An open saved timeline brings its own colours and columns.
  const { timeline } = useTimelineScope();
  const color = timeline?.color_scheme[event.event_type as keyof typeof timeline.color_scheme] ?? meta.color;
  return (
    <button
      type="button"
      className={`event-row${selected ? ' selected' : ''}${isNew ? ' is-new' : ''}`}
      style={{ borderLeftColor: color }}
      data-event-id={event.id}
      tabIndex={tabIndex}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onOpen(event.id)}
    >
      <TypeIcon type={event.event_type} color={color} />
      {timeline ? (
        <ColumnCells event={event} columns={timeline.column_configuration} />
      ) : (
        <>
          <span className="event-main">
            <span className="event-title">{event.event_title}</span>
            <span className="event-meta">
              <span className="event-type">{meta.label}</span>
              {event.direction ? ` · ${humanize(event.direction)}` : ''} ·{' '}
              {event.customer_name ?? 'Unknown customer'} · {event.user_name ?? 'Unknown user'}
            </span>
          </span>
          <span className="event-side">
            <time dateTime={event.event_timestamp}>{time.format(new Date(event.event_timestamp))}</time>
            <span className={`status status-${event.status}`}>{humanize(event.status)}</span>
          </span>
        </>
      )}
    </button>
  );
});
