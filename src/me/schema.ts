/** The signed-in user's own preferences (dashboard goals, view choices), stored in users.preferences. */
import { type Static, type TNumber, type TOptional, Type } from 'typebox';

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
  },
  {
    additionalProperties: false,
    description: 'Preferences of the signed-in user; PUT replaces them as a whole.',
  },
);
export type Preferences = Static<typeof Preferences>;
