/**
 * Schemas of the ActivityTimeline's configurable fields. Each one is validated on write (so a stored
 * timeline always means something) and read by a feature: filters by the events routes and the
 * stream, colours and columns by the web list, notification preferences by the stream.
 */
import { type Static, Type } from 'typebox';
import { EVENT_SOURCES, EVENT_TYPES, PRIORITIES, SENTIMENTS } from '../events/catalogue.js';
import { filterInstant, filterProperties } from '../events/filters.js';
import { Event } from '../events/schema.js';
import { RELATIVE_RANGES, VIEW_PANELS } from './catalogue.js';

export {
  RELATIVE_RANGES,
  type RelativeRange,
  TIMELINE_TYPES,
  type TimelineType,
  VIEW_PANELS,
} from './catalogue.js';

/**
 * The filters a timeline stores: the timeline filter set plus the unanswered queue's flag, which
 * GET /events takes as its own parameter (it is a condition on replies, not on the event's fields).
 */
export const StoredFilters = Type.Object(
  {
    ...filterProperties,
    unanswered: Type.Optional(
      Type.Boolean({
        description:
          'Only inbound events with no reply yet (as GET /events?unanswered=true). The live stream cannot tell whether an event is still unanswered: it sends the events of the other filters, clients reload the list on its messages, and notifications come only for events still unanswered when the stream delivers them.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type StoredFilters = Static<typeof StoredFilters>;

export const SavedFilter = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'Generated when absent.' })),
    name: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '\\S',
      description: 'Unique within the timeline.',
    }),
    filters: StoredFilters,
  },
  { additionalProperties: false, description: 'A named filter set, applied with ?saved_filter=<id>.' },
);
export const SavedFilters = Type.Array(SavedFilter, { maxItems: 50 });

export const ViewPreferences = Type.Object(
  {
    density: Type.Optional(Type.Enum(['compact', 'comfortable', 'spacious'])),
    grouping: Type.Optional(Type.Enum(['day', 'week', 'none'], { description: 'List grouping.' })),
    sort_order: Type.Optional(
      Type.Enum(['desc', 'asc'], { description: 'Default order of /timelines/{id}/events.' }),
    ),
    open_panels: Type.Optional(Type.Array(Type.Enum(VIEW_PANELS), { maxItems: 5, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type ViewPreferences = Static<typeof ViewPreferences>;

/** Columns are fields of the Event the API presents, so the web list can show any of them. */
export const COLUMN_FIELDS = Object.keys(Event.properties) as [string, ...string[]];
export const Column = Type.Object(
  {
    field: Type.Enum(COLUMN_FIELDS),
    width: Type.Integer({ minimum: 40, maximum: 2000, description: 'Width in CSS pixels.' }),
  },
  { additionalProperties: false },
);
export const ColumnConfiguration = Type.Array(Column, {
  minItems: 1,
  maxItems: COLUMN_FIELDS.length,
  description: 'Visible columns of the list view, in display order; a field appears at most once.',
});
export type Column = Static<typeof Column>;

const hex = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'Hex colour, e.g. #2563eb.' });
export const ColorScheme = Type.Object(Object.fromEntries(EVENT_TYPES.map((t) => [t, Type.Optional(hex)])), {
  additionalProperties: false,
  description: 'Colour per activity type; types left out use the catalogue colour.',
});
export type ColorScheme = Partial<Record<(typeof EVENT_TYPES)[number], string>>;

export const ActivitySources = Type.Array(Type.Enum(EVENT_SOURCES), {
  maxItems: EVENT_SOURCES.length,
  uniqueItems: true,
  description: 'Sources included; empty means every source.',
});

export const DateRangeDefault = Type.Object(
  {
    relative: Type.Optional(
      Type.Enum(RELATIVE_RANGES, {
        description: "Rolling window, or calendar period in the company's time zone.",
      }),
    ),
    from: Type.Optional(filterInstant('Absolute start (inclusive).')),
    to: Type.Optional(filterInstant('Absolute end (exclusive).')),
  },
  {
    additionalProperties: false,
    description: 'Either `relative` or an absolute `from`/`to`; {} means all time.',
  },
);
export type DateRangeDefault = Static<typeof DateRangeDefault>;

export const NotificationPreferences = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'Master switch; default true.' })),
    priorities: Type.Optional(
      Type.Array(Type.Enum(PRIORITIES), { maxItems: PRIORITIES.length, uniqueItems: true }),
    ),
    sentiments: Type.Optional(
      Type.Array(Type.Enum(SENTIMENTS), { maxItems: SENTIMENTS.length, uniqueItems: true }),
    ),
    event_types: Type.Optional(
      Type.Array(Type.Enum(EVENT_TYPES), { maxItems: EVENT_TYPES.length, uniqueItems: true }),
    ),
  },
  {
    additionalProperties: false,
    description: 'A new event on this timeline raises a notification when any listed criterion matches.',
  },
);
export type NotificationPreferences = Static<typeof NotificationPreferences>;

export { Share, SharedWithUsers } from '../sharing/fields.js';
