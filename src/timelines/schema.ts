/** Request and response schemas of the saved timelines API; types are inferred from them. */
import { type Static, Type } from 'typebox';
import { HistogramQuery, ListEventsQuery } from '../events/schema.js';
import {
  ActivitySources,
  ColorScheme,
  ColumnConfiguration,
  DateRangeDefault,
  NotificationPreferences,
  SavedFilters,
  SharedWithUsers,
  StoredFilters,
  TIMELINE_TYPES,
  ViewPreferences,
} from './fields.js';

const fields = {
  timeline_name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'Not blank.' }),
  timeline_type: Type.Enum(TIMELINE_TYPES, {
    description: 'Sets the default filters, date range, notifications and columns when those are not given.',
  }),
  default_filters: StoredFilters,
  saved_filters: SavedFilters,
  view_preferences: ViewPreferences,
  column_configuration: ColumnConfiguration,
  color_scheme: ColorScheme,
  activity_sources: ActivitySources,
  date_range_default: DateRangeDefault,
  real_time_updates: Type.Boolean({ description: 'Whether the web app subscribes to the live stream.' }),
  notification_preferences: NotificationPreferences,
  is_public: Type.Boolean({ description: 'Visible, read-only, to everyone in the company.' }),
  shared_with_users: SharedWithUsers,
};

const optional = <T extends Record<string, Parameters<typeof Type.Optional>[0]>>(props: T) =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>>;
  };

const { timeline_name, timeline_type, ...rest } = fields;
export const TimelineInput = Type.Object(
  { timeline_name, timeline_type, ...optional(rest) },
  { additionalProperties: false },
);
export type TimelineInput = Static<typeof TimelineInput>;

export const TimelinePatch = Type.Object(optional(fields), {
  additionalProperties: false,
  minProperties: 1,
  description: 'Fields to replace. Sharing (is_public, shared_with_users) only by the owner or an admin.',
});
export type TimelinePatch = Static<typeof TimelinePatch>;

export const DuplicateInput = Type.Object(
  { timeline_name: Type.Optional(fields.timeline_name) },
  { additionalProperties: false },
);

const dateTime = Type.String({ format: 'date-time' });
export const Timeline = Type.Object(
  {
    id: Type.String(),
    user_id: Type.String({ description: 'The owner.' }),
    created_by_user_id: Type.String(),
    ...fields,
    shared_with_users: Type.Array(
      Type.Object({
        user_id: Type.String(),
        permission: Type.Enum(['view', 'edit']),
        user_name: Type.Union([Type.String(), Type.Null()], { description: 'From the directory.' }),
      }),
    ),
    is_default: Type.Boolean({ description: "The owner's default timeline (created on first use)." }),
    version: Type.Integer({ description: 'Increments on every change; the ETag.' }),
    created_at: dateTime,
    updated_at: dateTime,
    relation: Type.Enum(['mine', 'shared', 'public', 'other'], {
      description:
        'How the timeline reaches you: own, shared with you, public in the company (other: admin).',
    }),
    permissions: Type.Object({
      edit: Type.Boolean(),
      manage: Type.Boolean({ description: 'Change sharing and delete.' }),
    }),
  },
  { description: 'A saved timeline configuration.' },
);
export type Timeline = Static<typeof Timeline>;

export const ListTimelinesQuery = Type.Object(
  {
    timeline_type: Type.Optional(Type.Enum(TIMELINE_TYPES)),
    relation: Type.Optional(Type.Enum(['mine', 'shared', 'public'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export const ListTimelinesResponse = Type.Object({ items: Type.Array(Timeline) });

export const TimelineIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const savedFilter = Type.Optional(
  Type.String({ format: 'uuid', description: 'Apply one of the saved_filters too (its id).' }),
);
export const TimelineEventsQuery = Type.Object(
  {
    ...ListEventsQuery.properties,
    // No schema default: an absent order means the timeline's view_preferences.sort_order.
    order: Type.Optional(Type.Enum(['desc', 'asc'], { description: "Default: the timeline's sort order." })),
    saved_filter: savedFilter,
  },
  { additionalProperties: false },
);
export const TimelineHistogramQuery = Type.Object(
  { ...HistogramQuery.properties, saved_filter: savedFilter },
  { additionalProperties: false },
);
