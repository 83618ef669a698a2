/**
 * The columns an events export may hold, by the name `columns=` uses, in their default order. Each
 * reads the presented event (events/presenter.ts), the same shape GET /events answers, so whatever
 * the presenter withholds (redaction) is withheld from exports too.
 */
import type { Event } from '../events/schema.js';
import type { Cell, ExportColumn } from './table.js';

interface EventColumn extends ExportColumn {
  description: string;
  value(e: Event): Cell;
}

const outcome = (e: Event) => {
  const o = e.event_data.outcome;
  return typeof o === 'string' ? o : null;
};

export const EVENT_COLUMNS: EventColumn[] = [
  {
    key: 'occurred_at',
    label: 'Occurred at',
    type: 'datetime',
    description: 'event_timestamp, in the export’s time zone',
    value: (e) => e.event_timestamp,
  },
  {
    key: 'type',
    label: 'Type',
    type: 'text',
    description: 'Activity type (event_type)',
    value: (e) => e.event_type,
  },
  { key: 'title', label: 'Title', type: 'text', description: 'event_title', value: (e) => e.event_title },
  {
    key: 'customer',
    label: 'Customer',
    type: 'text',
    description: 'Customer name from the directory',
    value: (e) => e.customer_name,
  },
  {
    key: 'owner',
    label: 'Owner',
    type: 'text',
    description: 'Owning user’s name from the directory',
    value: (e) => e.user_name,
  },
  {
    key: 'direction',
    label: 'Direction',
    type: 'text',
    description: 'inbound, outbound or internal',
    value: (e) => e.direction,
  },
  { key: 'status', label: 'Status', type: 'text', description: 'Status', value: (e) => e.status },
  { key: 'priority', label: 'Priority', type: 'text', description: 'Priority', value: (e) => e.priority },
  { key: 'outcome', label: 'Outcome', type: 'text', description: 'event_data.outcome', value: outcome },
  {
    key: 'duration',
    label: 'Duration',
    type: 'duration',
    unit: 'min',
    description: 'duration_minutes',
    value: (e) => e.duration_minutes,
  },
  {
    key: 'source',
    label: 'Source',
    type: 'text',
    description: 'Source system (event_source)',
    value: (e) => e.event_source,
  },
  { key: 'sentiment', label: 'Sentiment', type: 'text', description: 'Sentiment', value: (e) => e.sentiment },
  {
    key: 'engagement_score',
    label: 'Engagement score',
    type: 'number',
    description: 'Engagement score, 0–100',
    value: (e) => e.engagement_score,
  },
  {
    key: 'segment',
    label: 'Segment',
    type: 'text',
    description: 'Customer segment',
    value: (e) => e.customer_segment,
  },
  {
    key: 'description',
    label: 'Description',
    type: 'text',
    description: 'event_description',
    value: (e) => e.event_description,
  },
  { key: 'id', label: 'Event id', type: 'text', description: 'Event id', value: (e) => e.id },
  {
    key: 'customer_id',
    label: 'Customer id',
    type: 'text',
    description: 'Customer id',
    value: (e) => e.customer_id,
  },
  {
    key: 'contact_id',
    label: 'Contact id',
    type: 'text',
    description: 'Contact id',
    value: (e) => e.contact_id,
  },
  {
    key: 'owner_id',
    label: 'Owner id',
    type: 'text',
    description: 'Owning user id (user_id)',
    value: (e) => e.user_id,
  },
  {
    key: 'team_id',
    label: 'Team id',
    type: 'text',
    description: 'Owning user’s current team',
    value: (e) => e.team_id,
  },
  {
    key: 'external_id',
    label: 'External id',
    type: 'text',
    description: 'Id in the source system',
    value: (e) => e.external_id,
  },
];

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

/** Export column of each Event field a saved timeline's column_configuration may name. */
const COLUMN_OF_FIELD: Record<string, string> = {
  event_timestamp: 'occurred_at',
  event_type: 'type',
  event_title: 'title',
  event_description: 'description',
  customer_name: 'customer',
  customer_segment: 'segment',
  user_name: 'owner',
  event_source: 'source',
  direction: 'direction',
  priority: 'priority',
  status: 'status',
  sentiment: 'sentiment',
  engagement_score: 'engagement_score',
  duration_minutes: 'duration',
  external_id: 'external_id',
  id: 'id',
  customer_id: 'customer_id',
  contact_id: 'contact_id',
  user_id: 'owner_id',
  team_id: 'team_id',
};

/** The export columns of a list's visible fields, in order (fields with no export column are left out). */
export const exportColumnsOf = (fields: readonly string[]): string[] =>
  fields.flatMap((f) => (COLUMN_OF_FIELD[f] ? [COLUMN_OF_FIELD[f]] : []));
