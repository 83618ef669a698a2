/** KPI 3, Engagement: request and response schemas. */
import { type Static, Type } from 'typebox';
import { analyticsProperties, PeriodInfo } from '../params.js';
import { Change, Nullable } from './common.js';

export const EngagementQuery = Type.Object(
  {
    ...analyticsProperties,
    half_life_days: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 365,
        default: 30,
        description: 'Half-life of the score’s decay, in days.',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100,
        default: 10,
        description: 'Length of the most/least engaged lists.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type EngagementQuery = Static<typeof EngagementQuery>;

const Rate = Type.Object({
  engaged: Type.Integer({ description: 'Customers with ≥ 1 inbound event in the period.' }),
  touched: Type.Integer({ description: 'Customers with ≥ 1 outbound event in the period.' }),
  rate: Nullable(
    Type.Number({
      description:
        'engaged ÷ touched (a ratio; can exceed 1 when customers write in unprompted); null when touched = 0.',
    }),
  ),
  responded: Type.Integer({ description: 'Customers with both ≥ 1 outbound and ≥ 1 inbound event.' }),
  responded_share: Nullable(Type.Number({ description: 'responded ÷ touched, 0–1; null when touched = 0.' })),
});

const Customer = Type.Object({
  customer_id: Type.String(),
  name: Nullable(Type.String()),
  segment: Type.String({ description: 'Customer segment; "unknown" when none.' }),
  score: Type.Number({ description: 'Engagement score, 0–100 points.' }),
  events: Type.Integer({ description: 'Events of the customer in the period.' }),
  last_event_at: Type.String({ format: 'date-time' }),
});

export const EngagementResponse = Type.Object({
  period: PeriodInfo,
  half_life_days: Type.Number(),
  score_formula: Type.String({ description: 'The score’s definition, in words.' }),
  rate: Type.Object({
    overall: Rate,
    change: Change,
    by_segment: Type.Array(Type.Intersect([Type.Object({ segment: Type.String() }), Rate])),
  }),
  score: Type.Object({
    customers: Type.Integer({ description: 'Customers with ≥ 1 event in the period (scored).' }),
    mean: Nullable(Type.Number({ description: 'Mean score, points.' })),
    median: Nullable(Type.Number({ description: 'Median score, points.' })),
    mean_change: Change,
    distribution: Type.Array(
      Type.Object({
        from: Type.Number({ description: 'Inclusive lower bound, points.' }),
        to: Type.Number({ description: 'Exclusive upper bound (the last bin includes 100).' }),
        customers: Type.Integer(),
      }),
    ),
    most_engaged: Type.Array(Customer, {
      description: 'Highest scores first (ties: most recent event first).',
    }),
    least_engaged: Type.Array(Customer, {
      description: 'Lowest scores first (ties: oldest last event first).',
    }),
  }),
});
export type EngagementResponse = Static<typeof EngagementResponse>;
