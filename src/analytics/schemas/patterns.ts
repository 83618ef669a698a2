/** KPI 4, Communication patterns: request and response schemas. */
import { type Static, Type } from 'typebox';
import { analyticsProperties, PeriodInfo } from '../params.js';
import { Change, Counts, Nullable } from './common.js';

export const PatternsQuery = Type.Object(
  {
    ...analyticsProperties,
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 500,
        default: 50,
        description: 'How many customers to list with their preferred channel (most inbound events first).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PatternsQuery = Static<typeof PatternsQuery>;

const Gap = Type.Object({
  customers: Type.Integer({ description: 'Customers with ≥ 2 events in the period (the ones with gaps).' }),
  gaps: Type.Integer({ description: 'Number of gaps between consecutive events of a customer.' }),
  median_days: Nullable(
    Type.Number({ description: 'Median gap in days (percentile_cont(0.5)); null when no gaps.' }),
  ),
});

export const PatternsResponse = Type.Object({
  period: PeriodInfo,
  heatmap: Type.Object({
    unit: Type.Literal('events'),
    rows: Type.Literal('day of week in tz, 0 = Sunday … 6 = Saturday'),
    columns: Type.Literal('hour of day in tz, 0–23'),
    values: Type.Array(Type.Array(Type.Integer(), { minItems: 24, maxItems: 24 }), {
      minItems: 7,
      maxItems: 7,
    }),
  }),
  channel_mix: Type.Object({
    unit: Type.Literal('events'),
    overall: Counts('Events per channel (event type).'),
    overall_change: Type.Record(Type.String(), Change, {
      description: 'Per channel, against the previous period.',
    }),
    by_segment: Type.Array(Type.Object({ segment: Type.String(), channels: Counts('Events per channel.') })),
  }),
  preferred_channels: Type.Object({
    customers_by_channel: Counts(
      'Customers whose preferred channel (most inbound events; ties: alphabetical) is each type.',
    ),
    customers: Type.Array(
      Type.Object({
        customer_id: Type.String(),
        channel: Type.String(),
        channel_events: Type.Integer({ description: 'Inbound events on the preferred channel.' }),
        inbound_events: Type.Integer({ description: 'All inbound events of the customer.' }),
      }),
    ),
  }),
  interaction_frequency: Type.Object({
    unit: Type.Literal('days'),
    overall: Gap,
    by_segment: Type.Array(Type.Intersect([Type.Object({ segment: Type.String() }), Gap])),
  }),
});
export type PatternsResponse = Static<typeof PatternsResponse>;
