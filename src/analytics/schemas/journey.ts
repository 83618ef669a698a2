/** KPI 6, Customer journey: request and response schemas (descriptions carry the definitions). */
import { type Static, Type } from 'typebox';
import { OUTCOMES } from '../../events/catalogue.js';
import { analyticsProperties, PeriodInfo } from '../params.js';
import { Change, Nullable } from './common.js';

export const JourneyQuery = Type.Object(
  {
    ...analyticsProperties,
    min_length: Type.Optional(
      Type.Integer({ minimum: 2, maximum: 5, default: 2, description: 'Shortest path.' }),
    ),
    max_length: Type.Optional(
      Type.Integer({ minimum: 2, maximum: 5, default: 5, description: 'Longest path.' }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Paths returned per length.' }),
    ),
    outcome: Type.Optional(
      Type.Enum(OUTCOMES, { default: 'deal_won', description: 'Outcome for first/last-touch attribution.' }),
    ),
  },
  { additionalProperties: false },
);
export type JourneyQuery = Static<typeof JourneyQuery>;

export const JourneyResponse = Type.Object({
  period: PeriodInfo,
  definition: Type.String(),
  paths: Type.Array(
    Type.Object({
      length: Type.Integer(),
      path: Type.Array(Type.String(), { description: 'Activity types in order.' }),
      occurrences: Type.Integer({
        description: 'Times these types occur consecutively in a customer’s sequence.',
      }),
      customers: Type.Integer({ description: 'Distinct customers whose sequence contains the path.' }),
      occurrences_change: Change,
    }),
    { description: 'Most frequent paths per length, most occurrences first, ties by path (byte order).' },
  ),
  transitions: Type.Array(
    Type.Object({
      from: Type.String(),
      to: Type.String(),
      count: Type.Integer({
        description: 'Times a touchpoint of type `from` is directly followed by one of type `to`.',
      }),
      median_minutes: Type.Number({ description: 'Median minutes between the two touchpoints.' }),
      count_change: Change,
    }),
    { description: 'Transition matrix (Sankey links), most frequent first.' },
  ),
  attribution: Type.Object({
    outcome: Type.String(),
    conversions: Type.Integer({
      description: 'Customers with a touchpoint of this outcome in the period (the first one is used).',
    }),
    conversions_change: Change,
    by_channel: Type.Array(
      Type.Object({
        channel: Type.String({ description: 'Activity type; "none" when nothing preceded the outcome.' }),
        first_touch: Type.Integer({
          description: 'Customers whose earliest touchpoint before the outcome has this type.',
        }),
        last_touch: Type.Integer({
          description: 'Customers whose latest touchpoint before the outcome has this type.',
        }),
      }),
    ),
  }),
});
export type JourneyResponse = Static<typeof JourneyResponse>;

export const CustomerJourneyParams = Type.Object({ customerId: Type.String({ format: 'uuid' }) });
export const CustomerJourneyQuery = Type.Object(
  {
    ...analyticsProperties,
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 5000,
        default: 500,
        description: 'Touchpoints returned, oldest first.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CustomerJourneyQuery = Static<typeof CustomerJourneyQuery>;

export const CustomerJourneyResponse = Type.Object({
  period: PeriodInfo,
  customer_id: Type.String(),
  total: Type.Integer({ description: 'Touchpoints in the period matching the filters.' }),
  truncated: Type.Boolean({ description: 'True when total > the touchpoints returned (raise limit).' }),
  median_gap_minutes: Nullable(Type.Number({ description: 'Median of the gaps below, in minutes.' })),
  touchpoints: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String({ format: 'date-time' }),
      type: Type.String(),
      source: Type.String(),
      direction: Type.String({ description: 'inbound, outbound, internal or "unknown".' }),
      user_id: Type.String(),
      outcome: Nullable(Type.String()),
      gap_minutes: Nullable(
        Type.Number({ description: 'Minutes since the previous touchpoint; null for the first.' }),
      ),
      redacted: Type.Optional(
        Type.Boolean({ description: 'True when you may not read this event (its visibility): no outcome.' }),
      ),
    }),
    { description: 'Oldest first (ties by id).' },
  ),
});
