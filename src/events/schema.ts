/** Request and response schemas of the events API; types are inferred from them, never restated. */
import { type Static, Type } from 'typebox';
import { EVENT_VISIBILITIES, EventVisibility } from '../visibility/content.js';
import {
  DIRECTIONS,
  EVENT_SOURCES,
  EVENT_TYPES,
  EventData,
  PRIORITIES,
  SENTIMENTS,
  STATUSES,
} from './catalogue.js';
import { filterProperties } from './filters.js';

const uuid = (description: string) => Type.String({ format: 'uuid', description });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Participant = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 100, description: 'User or contact id.' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(
      Type.String({ maxLength: 50, description: 'from, to, cc, organizer, attendee, ...' }),
    ),
    kind: Type.Optional(Type.Enum(['user', 'contact', 'external'])),
  },
  { additionalProperties: false },
);

export const RelatedObject = Type.Object(
  {
    object_type: Type.String({
      minLength: 1,
      maxLength: 50,
      description: 'deal, ticket, campaign, quote, ...',
    }),
    object_id: Type.String({ minLength: 1, maxLength: 100 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const score = Type.Number({
  minimum: 0,
  maximum: 100,
  multipleOf: 0.01,
  description: 'Engagement score, 0–100.',
});

export const EventInput = Type.Object(
  {
    id: Type.Optional(uuid('Id to use; generated when absent.')),
    external_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Id in the source system; makes ingest idempotent.',
      }),
    ),
    customer_id: uuid('The customer the activity concerns.'),
    contact_id: Type.Optional(Nullable(uuid('The contact person at the customer.'))),
    user_id: uuid('The CRM user who owns the activity.'),
    event_type: Type.Enum(EVENT_TYPES),
    event_source: Type.Enum(EVENT_SOURCES),
    event_title: Type.String({ minLength: 1, maxLength: 200 }),
    event_description: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))),
    event_timestamp: Type.String({
      format: 'date-time',
      description: 'When the activity happened (ISO 8601).',
    }),
    duration_minutes: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100000 }))),
    event_data: Type.Optional(EventData),
    participants: Type.Optional(Type.Array(Participant, { maxItems: 500 })),
    related_objects: Type.Optional(Type.Array(RelatedObject, { maxItems: 200 })),
    priority: Type.Optional(Type.Enum(PRIORITIES, { default: 'normal' })),
    status: Type.Optional(Type.Enum(STATUSES, { default: 'active' })),
    engagement_score: Type.Optional(Nullable(score)),
    sentiment: Type.Optional(Nullable(Type.Enum(SENTIMENTS))),
    direction: Type.Optional(Nullable(Type.Enum(DIRECTIONS))),
    visibility: Type.Optional(EventVisibility),
  },
  { additionalProperties: false, description: 'An activity event as sent by a communication module.' },
);
export type EventInput = Static<typeof EventInput>;

export const EventPatch = Type.Object(
  {
    status: Type.Optional(Type.Enum(STATUSES)),
    priority: Type.Optional(Type.Enum(PRIORITIES)),
    event_title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    event_description: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))),
    event_data: Type.Optional(EventData),
    sentiment: Type.Optional(Nullable(Type.Enum(SENTIMENTS))),
    engagement_score: Type.Optional(Nullable(score)),
    visibility: Type.Optional(
      Type.Enum(EVENT_VISIBILITIES, {
        description: "Who reads the content: only the event's owner or an admin may change it (else 403).",
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EventPatch = Static<typeof EventPatch>;

export const Event = Type.Object(
  {
    id: Type.String(),
    company_id: Type.String(),
    customer_id: Type.String(),
    customer_name: Nullable(
      Type.String({ description: 'From the directory; null while it does not know the customer.' }),
    ),
    customer_segment: Nullable(Type.String()),
    contact_id: Nullable(Type.String()),
    user_id: Type.String(),
    user_name: Nullable(
      Type.String({ description: 'From the directory; null while it does not know the user.' }),
    ),
    team_id: Nullable(Type.String()),
    event_type: Type.String(),
    event_source: Type.String(),
    event_title: Type.String(),
    event_description: Nullable(Type.String()),
    event_timestamp: Type.String({ format: 'date-time' }),
    duration_minutes: Nullable(Type.Integer()),
    event_data: Type.Record(Type.String(), Type.Unknown()),
    participants: Type.Array(Type.Unknown()),
    related_objects: Type.Array(Type.Unknown()),
    priority: Type.String(),
    status: Type.String(),
    engagement_score: Nullable(Type.Number()),
    sentiment: Nullable(Type.String()),
    direction: Nullable(Type.String()),
    external_id: Nullable(Type.String()),
    seq: Type.Integer({
      description: 'Per-company change sequence of the latest change (stream resume point).',
    }),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    is_deleted: Type.Boolean(),
    visibility: EventVisibility,
    redacted: Type.Boolean({
      description:
        'True when you may see this event but not read it (its visibility): the title is "Private activity" and its content (description, event_data, participants, contact, related objects, duration, sentiment, score, external id) is left out.',
    }),
  },
  { description: 'An activity event as presented by the API and the live stream.' },
);
export type Event = Static<typeof Event>;

/** The unanswered queue's parameter: GET /events, its histogram and its export take it alike. */
export const unansweredParam = Type.Optional(
  Type.Boolean({
    description:
      'true: only inbound events without a reply within 7 days, as GET /analytics/response-times counts them (a later non-deleted outbound event to the same customer, in the same event_data.thread_id when the inbound has one, that the caller may see).',
  }),
);

export const ListEventsQuery = Type.Object(
  {
    ...filterProperties,
    unanswered: unansweredParam,
    order: Type.Optional(
      Type.Enum(['desc', 'asc'], { default: 'desc', description: 'Newest first by default.' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'next_cursor of the previous page.' })),
  },
  { additionalProperties: false },
);
export type ListEventsQuery = Static<typeof ListEventsQuery>;

export const ListEventsResponse = Type.Object({
  items: Type.Array(Event),
  next_cursor: Nullable(
    Type.String({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  ),
});

export const BUCKETS = ['hour', 'day', 'week', 'month'] as const;
export const HistogramQuery = Type.Object(
  {
    ...filterProperties,
    unanswered: unansweredParam,
    bucket: Type.Optional(Type.Enum(['auto', ...BUCKETS], { default: 'auto' })),
    tz: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone; default the company's." }),
    ),
  },
  { additionalProperties: false },
);
export type HistogramQuery = Static<typeof HistogramQuery>;

export const HistogramResponse = Type.Object({
  bucket: Type.Enum(BUCKETS),
  tz: Type.String(),
  from: Nullable(Type.String({ format: 'date-time' })),
  to: Nullable(Type.String({ format: 'date-time' })),
  total: Type.Integer({ description: 'Events in the range (count).' }),
  buckets: Type.Array(
    Type.Object({
      start: Type.String({
        format: 'date-time',
        description: 'Bucket start (local calendar boundary, as UTC instant).',
      }),
      total: Type.Integer(),
      by_type: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
});
export type HistogramResponse = Static<typeof HistogramResponse>;

export const BatchQuery = Type.Object(
  { atomic: Type.Optional(Type.Boolean({ default: false, description: 'All or nothing.' })) },
  { additionalProperties: false },
);

export const BatchResult = Type.Object({
  index: Type.Integer(),
  status: Type.Integer({
    description: '201 created, 200 already stored (same external_id), 400 invalid, 409 not stored.',
  }),
  id: Type.Optional(Type.String()),
  error: Type.Optional(
    Type.Object({
      detail: Type.String(),
      errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    }),
  ),
});
export const BatchResponse = Type.Object({
  stored: Type.Integer({ description: 'New events stored.' }),
  duplicates: Type.Integer({ description: 'Items already stored earlier (same external_id).' }),
  rejected: Type.Integer({ description: 'Invalid items, not stored.' }),
  results: Type.Array(BatchResult),
});
export type BatchResponse = Static<typeof BatchResponse>;

export const EventIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
