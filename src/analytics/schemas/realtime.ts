/** KPI 8, Real-time: request and response schemas. */
import { type Static, Type } from 'typebox';
import { filterProperties } from '../../events/filters.js';
import { PeriodInfo } from '../params.js';

const { from: _from, to: _to, ...liveFilters } = filterProperties;

export const RealtimeQuery = Type.Object(
  {
    ...liveFilters,
    tz: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone; default the company's." }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Overdue activities to list.' }),
    ),
  },
  { additionalProperties: false },
);
export type RealtimeQuery = Static<typeof RealtimeQuery>;

export const RealtimeResponse = Type.Object({
  period: PeriodInfo,
  as_of: Type.String({ format: 'date-time', description: 'The instant "now" of every figure below.' }),
  unit: Type.Literal('events'),
  last_5_minutes: Type.Object({
    total: Type.Integer({ description: 'Events with as_of − 5 min ≤ event_timestamp ≤ as_of.' }),
    by_type: Type.Record(Type.String(), Type.Integer()),
  }),
  last_60_minutes: Type.Object({
    total: Type.Integer({ description: 'Events with as_of − 60 min ≤ event_timestamp ≤ as_of.' }),
    by_type: Type.Record(Type.String(), Type.Integer()),
  }),
  per_minute: Type.Array(
    Type.Object({
      minute: Type.String({ format: 'date-time', description: 'Start of the minute.' }),
      events: Type.Integer({ description: 'Events in that minute (the last one up to as_of).' }),
    }),
    { description: 'The 60 minutes ending with the current one, oldest first.' },
  ),
  overdue: Type.Object({
    total: Type.Integer({
      description:
        'Events with status=scheduled whose due time (event_data.due_at, else event_timestamp) is before as_of.',
    }),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        type: Type.String(),
        user_id: Type.String(),
        customer_id: Type.String(),
        due_at: Type.String({ format: 'date-time' }),
        overdue_minutes: Type.Integer({ description: 'Whole minutes since due_at.' }),
        redacted: Type.Optional(
          Type.Boolean({
            description:
              'True when you may not read this event (its visibility): title is "Private activity".',
          }),
        ),
      }),
      { description: 'Oldest due first.' },
    ),
  }),
});
export type RealtimeResponse = Static<typeof RealtimeResponse>;
