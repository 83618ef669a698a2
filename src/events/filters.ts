/**
 * The timeline filter set, shared by /events, /events/histogram, the live stream, analytics and
 * saved timelines, so a filter accepted in one place is accepted (and means the same) everywhere.
 */
import { type Static, type TProperties, Type } from 'typebox';
import { RANGE_MAX, RANGE_MIN } from '../time/range.js';
import { DIRECTIONS, EVENT_SOURCES, EVENT_TYPES, PRIORITIES, SENTIMENTS, STATUSES } from './catalogue.js';

const uuidList = (description: string) =>
  Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200, description }));
const enumList = <T extends readonly string[]>(values: T, description: string) =>
  Type.Optional(Type.Array(Type.Enum(values), { maxItems: values.length, description }));

/**
 * Filter instants are bounded to the instants events can have (src/time/range.ts): wider ranges
 * only made analytics compute over centuries of empty buckets and derive comparison periods that
 * overflowed (a 300-year executive dashboard answered 500). A leap second (:60) passes the
 * date-time format but is an Invalid Date in JavaScript, hence the pattern.
 */
export const filterInstant = (description: string) =>
  Type.String({
    format: 'date-time',
    // Not formatMinimum: ajv-formats takes the epoch (0 ms) for an invalid date and skips the check.
    formatExclusiveMinimum: '1969-12-31T23:59:59.999Z',
    formatMaximum: RANGE_MAX,
    pattern: '^[^:]*:[^:]*:(?!60)',
    description: `${description} From ${RANGE_MIN} to ${RANGE_MAX}; no leap second.`,
  });

export const filterProperties = {
  from: Type.Optional(filterInstant('Events at or after this instant (ISO 8601, inclusive).')),
  to: Type.Optional(filterInstant('Events before this instant (exclusive).')),
  customer_id: uuidList('Customer id(s); comma-separated or repeated.'),
  contact_id: uuidList('Contact id(s).'),
  user_id: uuidList('Owning user id(s).'),
  team_id: uuidList("Team id(s): events of the team's members."),
  type: enumList(EVENT_TYPES, 'Activity type(s).'),
  source: enumList(EVENT_SOURCES, 'Source system(s).'),
  priority: enumList(PRIORITIES, 'Priority(ies).'),
  status: enumList(STATUSES, 'Status(es).'),
  sentiment: enumList(SENTIMENTS, 'Sentiment(s).'),
  direction: enumList(DIRECTIONS, 'Direction(s).'),
  segment: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      maxItems: 50,
      description: 'Customer segment(s).',
    }),
  ),
  participant: Type.Optional(
    Type.String({ minLength: 1, maxLength: 320, description: 'A participant, by email or id.' }),
  ),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Full-text search over title and description.',
    }),
  ),
  weekday: Type.Optional(
    Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
      maxItems: 7,
      description:
        'ISO weekday(s) of the event in `tz`: 1 = Monday … 7 = Sunday (e.g. a heatmap row). Several values: any of them.',
    }),
  ),
  hour: Type.Optional(
    Type.Array(Type.Integer({ minimum: 0, maximum: 23 }), {
      maxItems: 24,
      description:
        'Local hour(s) of the event in `tz`, 0–23 (an event at 14:59:59 has hour 14). Several values: any of them.',
    }),
  ),
  tz: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: "IANA time zone of `weekday` and `hour` (and of calendar buckets); default the company's.",
    }),
  ),
} satisfies TProperties;

export const TimelineFilters = Type.Object(filterProperties, { additionalProperties: false });
export type TimelineFilters = Static<typeof TimelineFilters>;

/** Names of the filter parameters (for parsers that must tell filters from other parameters). */
export const FILTER_KEYS = Object.keys(filterProperties) as Array<keyof TimelineFilters>;
