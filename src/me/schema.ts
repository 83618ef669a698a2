/** The signed-in user's own preferences (dashboard goals, view choices), stored in users.preferences. */
import { type Static, type TNumber, type TOptional, Type } from 'typebox';
import { filterInstant } from '../events/filters.js';

export const GOAL_METRICS = [
  'activities',
  'calls',
  'emails',
  'meetings',
  'customers_touched',
  'duration_minutes',
] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

export const Preferences = Type.Object(
  {
    goals: Type.Optional(
      Type.Object(
        Object.fromEntries(
          GOAL_METRICS.map((m) => [m, Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 }))]),
        ) as Record<GoalMetric, TOptional<TNumber>>,
        {
          additionalProperties: false,
          description:
            'Goal per metric for "My activity", per 30 days: activities, calls, emails, meetings (events), customers_touched (customers), duration_minutes (minutes).',
        },
      ),
    ),
    time_zone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "IANA time zone the web app shows times in (timeline rows, day headers, chips, the overview strip's buckets); unset: the company's zone.",
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Preferences of the signed-in user; PUT replaces them as a whole.',
  },
);
export type Preferences = Static<typeof Preferences>;

export const MyCustomersQuery = Type.Object(
  {
    from: Type.Optional(filterInstant('Period start (inclusive); default `to` − 30 days.')),
    to: Type.Optional(filterInstant('Period end (exclusive); default now.')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 10 })),
  },
  { additionalProperties: false },
);
export type MyCustomersQuery = Static<typeof MyCustomersQuery>;

export const MyCustomer = Type.Object({
  customer_id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()], { description: 'Null while the directory lacks it.' }),
  segment: Type.String({ description: "The customer's segment, or 'unknown'." }),
  engagement_score: Type.Number({
    description:
      'Engagement score 0–100 of the customer computed over your events with them (KPI 3b formula, half-life 30 days, at the period end).',
  }),
  events: Type.Integer({ description: 'Your events with the customer in the period.' }),
  inbound: Type.Boolean({ description: 'Whether any of those events was inbound.' }),
  last_touch: Type.String({ format: 'date-time', description: 'Your latest event with the customer.' }),
});
export type MyCustomer = Static<typeof MyCustomer>;

export const MyCustomersResponse = Type.Object({
  period: Type.Object({
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
  }),
  total: Type.Integer({ description: 'Customers you had events with in the period.' }),
  items: Type.Array(MyCustomer, {
    description: 'Highest engagement first (ties: more events, then latest touch); at most `limit`.',
  }),
});
export type MyCustomersResponse = Static<typeof MyCustomersResponse>;
