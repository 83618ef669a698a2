/** A row's cells in the order and widths of the timeline's column_configuration. */
import type { Event } from '../../api/types.js';
import { typeMeta } from '../../components/type-badge.js';
import { humanize } from '../filters/filter-options.js';
import type { Column } from './types.js';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

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

function display(event: Event, field: string): string {
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

export function ColumnCells({ event, columns, color }: { event: Event; columns: Column[]; color: string }) {
  return (
    <span className="tl-cells">
      {columns.map((c) => (
        <span
          key={c.field}
          className="tl-cell"
          style={{ width: c.width, color: c.field === 'event_type' ? color : undefined }}
          title={`${COLUMN_LABELS[c.field as keyof Event] ?? c.field}: ${display(event, c.field)}`}
        >
          {display(event, c.field)}
        </span>
      ))}
    </span>
  );
}
