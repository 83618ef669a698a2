/**
 * The columns an events export may hold, by the name `columns=` uses, in their default order. Each
 * reads one field of the presented event (events/presenter.ts, the shape GET /events answers), so
 * whatever redaction withholds from that shape is withheld from exports too. The lean export read
 * (event-cells.ts) selects only the fields of the chosen columns, under the same names.
 */
import type { Event } from '../events/schema.js';
import { isLabelledField } from '../events/value-labels.js';
import type { Cell, ColumnType, ExportColumn } from './table.js';

/** The Event fields export columns read (`event_data` only for its `outcome`). */
export type EventField = Extract<
  keyof Event,
  | 'event_timestamp'
  | 'event_type'
  | 'event_title'
  | 'customer_name'
  | 'user_name'
  | 'direction'
  | 'status'
  | 'priority'
  | 'event_data'
  | 'duration_minutes'
  | 'event_source'
  | 'sentiment'
  | 'engagement_score'
  | 'customer_segment'
  | 'event_description'
  | 'id'
  | 'customer_id'
  | 'contact_id'
  | 'user_id'
  | 'team_id'
  | 'external_id'
>;

export interface EventColumn extends ExportColumn {
  description: string;
  field: EventField;
  value(e: Pick<Event, EventField>): Cell;
}

const outcome = (e: Pick<Event, 'event_data'>) => {
  const o = e.event_data.outcome;
  return typeof o === 'string' ? o : null;
};

// key, label, type, field, description (a duration's unit is minutes).
const CATALOGUE: Array<[string, string, ColumnType, EventField, string]> = [
  ['occurred_at', 'Occurred at', 'datetime', 'event_timestamp', 'event_timestamp, in the export’s time zone'],
  ['type', 'Type', 'text', 'event_type', 'Activity type (event_type)'],
  ['title', 'Title', 'text', 'event_title', 'event_title'],
  ['customer', 'Customer', 'text', 'customer_name', 'Customer name from the directory'],
  ['owner', 'Owner', 'text', 'user_name', 'Owning user’s name from the directory'],
  ['direction', 'Direction', 'text', 'direction', 'inbound, outbound or internal'],
  ['status', 'Status', 'text', 'status', 'Status'],
  ['priority', 'Priority', 'text', 'priority', 'Priority'],
  ['outcome', 'Outcome', 'text', 'event_data', 'event_data.outcome'],
  ['duration', 'Duration', 'duration', 'duration_minutes', 'duration_minutes'],
  ['source', 'Source', 'text', 'event_source', 'Source system (event_source)'],
  ['sentiment', 'Sentiment', 'text', 'sentiment', 'Sentiment'],
  ['engagement_score', 'Engagement score', 'number', 'engagement_score', 'Engagement score, 0–100'],
  ['segment', 'Segment', 'text', 'customer_segment', 'Customer segment'],
  ['description', 'Description', 'text', 'event_description', 'event_description'],
  ['id', 'Event id', 'text', 'id', 'Event id'],
  ['customer_id', 'Customer id', 'text', 'customer_id', 'Customer id'],
  ['contact_id', 'Contact id', 'text', 'contact_id', 'Contact id'],
  ['owner_id', 'Owner id', 'text', 'user_id', 'Owning user id (user_id)'],
  ['team_id', 'Team id', 'text', 'team_id', 'Owning user’s current team'],
  ['external_id', 'External id', 'text', 'external_id', 'Id in the source system'],
];

export const EVENT_COLUMNS: EventColumn[] = CATALOGUE.map(([key, label, type, field, description]) => ({
  key,
  label,
  type,
  ...(type === 'duration' ? { unit: 'min' } : {}),
  ...(isLabelledField(key) ? { labelled: key } : {}),
  description,
  field,
  value: field === 'event_data' ? outcome : (e) => e[field] as Cell,
}));

/** Without `columns=`: the first eleven (occurred_at … source). */
export const DEFAULT_EVENT_COLUMNS = EVENT_COLUMNS.slice(0, 11).map((c) => c.key);

const BY_KEY = new Map(EVENT_COLUMNS.map((c) => [c.key, c]));

/** The columns named, in that order; the names not in the catalogue are returned as `unknown`. */
export function pickEventColumns(names: readonly string[]): { columns: EventColumn[]; unknown: string[] } {
  const columns: EventColumn[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const column = BY_KEY.get(name);
    if (column) columns.push(column);
    else unknown.push(name);
  }
  return { columns, unknown };
}

/** Documentation of the catalogue for the OpenAPI description. */
export const EVENT_COLUMNS_DOC = EVENT_COLUMNS.map((c) => `${c.key} (${c.description})`).join('; ');

/** The export columns of a list's visible fields, in order (fields with no export column are left out). */
export function exportColumnsOf(fields: readonly string[]): string[] {
  return fields.flatMap((f) => {
    if (f === 'event_data') return []; // a list's event_data column is the whole object, not the outcome
    const column = EVENT_COLUMNS.find((c) => c.field === f);
    return column ? [column.key] : [];
  });
}
