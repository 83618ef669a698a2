/** A row's cells in the order and widths of the timeline's column_configuration. */
import type { Event } from '../../api/types.js';
import { typeMeta } from '../../components/type-badge.js';
import { humanize } from '../filters/filter-options.js';
import { useDisplayZone } from '../timeline-view/display-zone.js';
import type { Column } from './types.js';

/** Fields offered in the column editor, with their headings (the server accepts any Event field). */
export const COLUMN_LABELS: Partial<Record<keyof Event, string>> = {
  event_timestamp: 'Time',
  event_type: 'Type',
  event_title: 'Title',
  event_description: 'Description',
  customer_name: 'Customer',
  customer_segment: 'Segment',
  user_name: 'Owner',
  event_source: 'Source',
  direction: 'Direction',
  priority: 'Priority',
  status: 'Status',
  sentiment: 'Sentiment',
  engagement_score: 'Engagement',
  duration_minutes: 'Duration (min)',
  participants: 'Participants',
  external_id: 'External id',
};

function display(event: Event, field: string, when: Intl.DateTimeFormat): string {
  const value = (event as Record<string, unknown>)[field];
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'event_timestamp' || field === 'created_at' || field === 'updated_at')
    return when.format(new Date(value as string));
  if (field === 'event_type') return typeMeta(value as string).label;
  if (field === 'participants')
    return (
      (value as Array<{ name?: string; email?: string }>).map((p) => p.name ?? p.email ?? '?').join(', ') ||
      '—'
    );
  if (typeof value === 'string')
    return /^[a-z_]+$/.test(value) && field !== 'event_title' ? humanize(value) : value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const columnLabel = (field: string) => COLUMN_LABELS[field as keyof Event] ?? field;

/**
 * A column's share of the row: its configured width is the basis, and columns shrink together
 * (never below 40 px) so a wide configuration still fits a 1440 px page.
 */
export const columnStyle = (c: Column) => ({ flex: `${c.field === 'event_title' ? 1 : 0} 1 ${c.width}px` });

/** The cells; on narrow screens they become a card's labelled fields (`data-label`, CSS). */
export function ColumnCells({ event, columns }: { event: Event; columns: Column[] }) {
  const when = useDisplayZone().dateTime;
  return (
    <span className="tl-cells">
      {columns.map((c) => {
        const text = display(event, c.field, when);
        return (
          <span
            key={c.field}
            className="tl-cell"
            data-label={columnLabel(c.field)}
            // The type's colour is the row's border and icon; the text keeps the theme's colour
            // (an SMS-coloured label on the dark card failed contrast).
            style={columnStyle(c)}
            title={`${columnLabel(c.field)}: ${text}`}
          >
            {text}
          </span>
        );
      })}
    </span>
  );
}

/** The column view's header row: each configured column's name, aligned with the cells below. */
export function ColumnHeader({ columns }: { columns: Column[] }) {
  return (
    <div className="tl-header" aria-hidden="true">
      <span className="tl-header-icon" />
      <span className="tl-cells">
        {columns.map((c) => (
          <span key={c.field} className="tl-cell" style={columnStyle(c)}>
            {columnLabel(c.field)}
          </span>
        ))}
      </span>
    </div>
  );
}
