/** KPI 7, Effectiveness: request and response schemas (descriptions carry the definitions). */
import { type Static, Type } from 'typebox';
import { OUTCOMES } from '../../events/catalogue.js';
import { analyticsProperties, PeriodInfo } from '../params.js';
import { Change, Counts, Nullable, Restricted } from './common.js';
import { successProperty } from './productivity.js';

export const EffectivenessQuery = Type.Object(
  {
    ...analyticsProperties,
    success: successProperty,
    outcome: Type.Optional(
      Type.Enum(OUTCOMES, { default: 'deal_won', description: 'The outcome that counts as a conversion.' }),
    ),
    within_days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'Conversion window N, in days.' }),
    ),
  },
  { additionalProperties: false },
);
export type EffectivenessQuery = Static<typeof EffectivenessQuery>;

const Group = Type.Object({
  key: Type.String(),
  activities: Type.Integer({ description: 'Non-deleted events in [from, to) matching the filters.' }),
  with_outcome: Type.Integer({ description: 'Of them, events with an event_data.outcome.' }),
  successes: Type.Integer({ description: 'Of them, events whose outcome is in `success`.' }),
  success_rate: Nullable(
    Type.Number({
      description: 'Outcome rate: successes ÷ with_outcome (0–1); null when no outcome recorded.',
    }),
  ),
  success_rate_change: Change,
  outcome_coverage: Nullable(Type.Number({ description: 'with_outcome ÷ activities (0–1).' })),
  by_outcome: Counts('Events per recorded outcome.'),
});

const Conversion = Type.Object({
  type: Nullable(Type.String({ description: 'Activity type; null = any type.' })),
  customers: Type.Integer({
    description: 'Customers with at least one activity of this type in the period (matching the filters).',
  }),
  converted: Type.Integer({
    description:
      'Of them, customers with a non-deleted event whose event_data.outcome = `outcome`, at or after one such activity and less than within_days × 24 h after it (the converting event may lie after the period and need not match the filters).',
  }),
  rate: Nullable(Type.Number({ description: 'converted ÷ customers (0–1).' })),
  rate_change: Change,
});

export const EffectivenessResponse = Type.Object({
  period: PeriodInfo,
  success_outcomes: Type.Array(Type.String()),
  restricted: Restricted,
  by_type: Type.Array(Group, { description: 'Per activity type, most activities first.' }),
  by_source: Type.Array(Group, { description: 'Per source system.' }),
  by_user: Type.Array(Group, { description: 'Per owning user (users you may see).' }),
  conversion: Type.Object({
    outcome: Type.String(),
    within_days: Type.Integer(),
    by_type: Type.Array(Conversion, { description: 'Per activity type, then null = any type.' }),
  }),
});
export type EffectivenessResponse = Static<typeof EffectivenessResponse>;
