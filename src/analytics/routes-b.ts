/**
 * Analytics routes of part B: KPI 5 team productivity, KPI 6 customer journey, KPI 7 effectiveness.
 * Each handler: check visibility, resolve the common query, call one report function.
 */
import type { AppInstance } from '../app.js';
import { invalid } from '../errors.js';
import { reportEffectiveness, reportJourney, reportProductivity } from './kpi-reports.js';
import { presentPeriod, resolveAnalyticsParams } from './params.js';
import { getCustomerJourney } from './queries/get-customer-journey.js';
import { errorResponses } from './schemas/common.js';
import { EffectivenessQuery, EffectivenessResponse } from './schemas/effectiveness.js';
import {
  CustomerJourneyParams,
  CustomerJourneyQuery,
  CustomerJourneyResponse,
  JourneyQuery,
  JourneyResponse,
} from './schemas/journey.js';
import { ProductivityQuery, ProductivityResponse } from './schemas/productivity.js';
import { assertCanSee } from './visibility.js';

const tags = ['analytics'];

export function registerAnalyticsRoutesB(app: AppInstance) {
  app.get(
    '/analytics/productivity',
    {
      schema: {
        tags,
        summary: 'KPI 5 — Team productivity per user and team, with ranks and workload balance',
        description:
          'Over non-deleted events in [from, to) matching the filters: per user (owning user_id) and per team (the user’s current team; "unknown" without one) — activities by type, total duration_minutes, distinct customers touched, tasks completed (type task, status completed), outcome rate (events with an outcome in `success` ÷ events with any outcome) and median response time (the median of KPI 2’s answered pairs replied by that user/team, 7-day window, same filters as /analytics/response-times). Per team: members (active directory users of the team plus anyone with events) ranked by activities (ties share a rank), deviation from the team mean, share of the team’s activities and the Gini coefficient of activities. rep/agent see their own row and company totals; team_lead their teams and members.',
        querystring: ProductivityQuery,
        response: { 200: ProductivityResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { success, ...query } = request.query;
      const v = await assertCanSee(request.user, query, request.scope);
      const p = await resolveAnalyticsParams(request.scope, query);
      return reportProductivity(request.scope, p, v, success);
    },
  );

  app.get(
    '/analytics/effectiveness',
    {
      schema: {
        tags,
        summary: 'KPI 7 — Outcome rates per type, source and user; conversion within N days per type',
        description:
          'Outcome rate = events whose event_data.outcome is in `success` ÷ events with an event_data.outcome (non-deleted, in [from, to), matching the filters). Conversion per activity type T = customers having an activity of type T in the period with a non-deleted event of outcome `outcome` at or after it and less than within_days days after it ÷ customers having an activity of type T in the period.',
        querystring: EffectivenessQuery,
        response: { 200: EffectivenessResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { success, outcome, within_days, ...query } = request.query;
      const v = await assertCanSee(request.user, query, request.scope);
      const p = await resolveAnalyticsParams(request.scope, query);
      return reportEffectiveness(request.scope, p, v, { success, outcome, withinDays: within_days });
    },
  );

  app.get(
    '/analytics/journey',
    {
      schema: {
        tags,
        summary:
          'KPI 6 — Most frequent paths, transition matrix (Sankey) and first/last touch before an outcome',
        description:
          'Each customer’s non-deleted events in [from, to) matching the filters, ordered by (event_timestamp, id), form a sequence of activity types. Paths: runs of min_length..max_length consecutive types, counted per occurrence and per distinct customer. Transitions: consecutive pairs type → next type with count and median minutes between. Attribution: for customers with a touchpoint of `outcome`, the type of the earliest and of the latest touchpoint before the first such touchpoint ("none" if it is their first).',
        querystring: JourneyQuery,
        response: { 200: JourneyResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { min_length = 2, max_length = 5, limit, outcome, ...query } = request.query;
      if (min_length > max_length)
        throw invalid('min_length must not exceed max_length.', [
          { path: 'query.min_length', message: 'must be ≤ query.max_length' },
        ]);
      await assertCanSee(request.user, query, request.scope);
      const p = await resolveAnalyticsParams(request.scope, query);
      return reportJourney(request.scope, p, {
        minLength: min_length,
        maxLength: max_length,
        limit,
        outcome,
      });
    },
  );

  app.get(
    '/analytics/journey/customers/:customerId',
    {
      schema: {
        tags,
        summary: 'KPI 6 — One customer’s touchpoints in order, with the gap since the previous one',
        description:
          'Non-deleted events of the customer in [from, to) matching the filters, oldest first (ties by id), with gap_minutes = minutes since the previous touchpoint listed.',
        params: CustomerJourneyParams,
        querystring: CustomerJourneyQuery,
        response: { 200: CustomerJourneyResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { limit, ...query } = request.query;
      await assertCanSee(request.user, query, request.scope);
      const p = await resolveAnalyticsParams(request.scope, query);
      const j = await getCustomerJourney(request.scope, p, request.params.customerId, limit);
      return { period: presentPeriod(p), ...j };
    },
  );
}
