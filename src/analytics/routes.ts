/**
 * The analytics routes, KPIs 1–8. Each handler: resolve the viewer's visibility (src/visibility/:
 * 403 for figures they may not see), resolve the common query once (period, zone, bucket, filters,
 * visible events), call one report function. Every route here also passes the read
 * guard (read-guard.ts: deadline, cancellation, per-company queue, `min_seq`, `freshness`).
 */
import type { AppInstance } from '../app.js';
import { invalid } from '../errors.js';
import { resolveRequestZone } from '../time/request-zone.js';
import { resolveAnalyticsViewer } from '../visibility/analytics-access.js';
import { SCORE_FORMULA } from './engagement-score.js';
import { presentPeriod, resolveAnalyticsParams } from './params.js';
import { getCustomerJourney } from './queries/get-customer-journey.js';
import { reportEffectiveness } from './reports/effectiveness.js';
import { reportEngagement } from './reports/engagement.js';
import { reportJourney } from './reports/journey.js';
import { reportPatterns } from './reports/patterns.js';
import { reportProductivity } from './reports/productivity.js';
import { reportRealtime } from './reports/realtime.js';
import { reportResponseTimes } from './reports/response-times.js';
import { reportVolume } from './reports/volume.js';
import { errorResponses } from './schemas/common.js';
import { EffectivenessQuery, EffectivenessResponse } from './schemas/effectiveness.js';
import { EngagementQuery, EngagementResponse } from './schemas/engagement.js';
import {
  CustomerJourneyParams,
  CustomerJourneyQuery,
  CustomerJourneyResponse,
  JourneyQuery,
  JourneyResponse,
} from './schemas/journey.js';
import { PatternsQuery, PatternsResponse } from './schemas/patterns.js';
import { ProductivityQuery, ProductivityResponse } from './schemas/productivity.js';
import { RealtimeQuery, RealtimeResponse } from './schemas/realtime.js';
import { ResponseTimesQuery, ResponseTimesResponse } from './schemas/response-times.js';
import { VolumeQuery, VolumeResponse } from './schemas/volume.js';

const tags = ['analytics'];

export function registerAnalyticsRoutes(app: AppInstance) {
  app.get(
    '/analytics/volume',
    {
      schema: {
        tags,
        summary: 'KPI 1 — Activity volume per bucket × dimension',
        description:
          'Volume = number of non-deleted events whose event_timestamp is in [from, to) and that match the filters (metric=duration_minutes: the sum of their duration_minutes), per calendar bucket in tz and per value of one dimension, with totals. compare=previous adds the previous period of equal length and the absolute and relative change.',
        querystring: VolumeQuery,
        response: { 200: VolumeResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { dimension = 'type', metric = 'events', ...query } = request.query;
      const v = await resolveAnalyticsViewer(request.scope, request.user, query);
      const p = await resolveAnalyticsParams(request.scope, query, v);
      return reportVolume(request.scope, p, dimension, metric, v.figures);
    },
  );

  app.get(
    '/analytics/response-times',
    {
      schema: {
        tags,
        summary: 'KPI 2 — Response time to inbound events',
        description:
          'For each non-deleted inbound event (direction=inbound) in [from, to) matching the filters: the time to the first later non-deleted outbound event to the same customer — with the same event_data.thread_id when the inbound event has one, else any — within window_days (default 7). Answered = such a reply exists; unanswered = none within the window or none yet. Mean, median and p90 (percentile_cont) in minutes of calendar time, or with hours=business only the minutes inside the company working calendar (company time zone). Grouped by the inbound type and source and by the responding user and team.',
        querystring: ResponseTimesQuery,
        response: { 200: ResponseTimesResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { window_days = 7, hours = 'calendar', ...query } = request.query;
      const v = await resolveAnalyticsViewer(request.scope, request.user, query);
      const p = await resolveAnalyticsParams(request.scope, query, v);
      return reportResponseTimes(request.scope, p, { windowDays: window_days, hours }, v.figures);
    },
  );

  app.get(
    '/analytics/engagement',
    {
      schema: {
        tags,
        summary: 'KPI 3 — Customer engagement rate and score',
        description: `Engagement rate = customers with ≥ 1 non-deleted inbound event in [from, to) ÷ customers with ≥ 1 outbound event in it (filters apply), overall and per customer segment ("unknown" when none). Engagement score per customer with events in the period, 0–100 points: ${SCORE_FORMULA}`,
        querystring: EngagementQuery,
        response: { 200: EngagementResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { half_life_days = 30, limit = 10, ...query } = request.query;
      const v = await resolveAnalyticsViewer(request.scope, request.user, query);
      const p = await resolveAnalyticsParams(request.scope, query, v);
      return reportEngagement(request.scope, p, { halfLifeDays: half_life_days, limit });
    },
  );

  app.get(
    '/analytics/patterns',
    {
      schema: {
        tags,
        summary: 'KPI 4 — Communication patterns',
        description:
          'Over the non-deleted events in [from, to) matching the filters: heatmap = events per local day of week (0 = Sunday) × local hour in tz; channel mix = events per event type, overall and per customer segment; preferred channel of a customer = the event type of most of its inbound events (ties: alphabetical); interaction frequency = median of the gaps in days between consecutive events of the same customer, pooled per segment.',
        querystring: PatternsQuery,
        response: { 200: PatternsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { limit = 50, ...query } = request.query;
      const v = await resolveAnalyticsViewer(request.scope, request.user, query);
      const p = await resolveAnalyticsParams(request.scope, query, v);
      return reportPatterns(request.scope, p, { limit });
    },
  );

  app.get(
    '/analytics/realtime',
    {
      schema: {
        tags,
        summary: 'KPI 8 — Real-time activity and overdue scheduled activities',
        description:
          'As of now (as_of): non-deleted events matching the filters with event_timestamp in [as_of − 5 min, as_of] and [as_of − 60 min, as_of], by type; events per minute for the 60 minutes ending with the current minute; overdue = events with status=scheduled whose due time (event_data.due_at when present, else event_timestamp) is before as_of.',
        querystring: RealtimeQuery,
        response: { 200: RealtimeResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { limit = 50, tz: tzParam, ...filters } = request.query;
      const v = await resolveAnalyticsViewer(request.scope, request.user, filters);
      const tz = await resolveRequestZone(request.scope, tzParam);
      return reportRealtime(request.scope, { filters, visible: v, tz, limit });
    },
  );

  app.get(
    '/analytics/productivity',
    {
      schema: {
        tags,
        summary: 'KPI 5 — Team productivity per user and team, with ranks and workload balance',
        description:
          'Over non-deleted events in [from, to) matching the filters: per user (owning user_id) and per team (the user’s current team; "unknown" without one) — activities by type, total duration_minutes, distinct customers touched, tasks completed (type task, status completed), outcome rate (events with an outcome in `success` ÷ events with any outcome) and median response time (the median of KPI 2’s answered pairs replied by that user/team, 7-day window, same filters as /analytics/response-times). Per team: members (active directory users of the team plus anyone with events) ranked by activities (ties share a rank), deviation from the team mean, share of the team’s activities and the Gini coefficient of activities. rep/agent see their own row and the totals of the events they may read (activity_visibility); team_lead their teams and members.',
        querystring: ProductivityQuery,
        response: { 200: ProductivityResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { success, ...query } = request.query;
      const v = await resolveAnalyticsViewer(request.scope, request.user, query);
      const p = await resolveAnalyticsParams(request.scope, query, v);
      return reportProductivity(request.scope, p, v.figures, { success });
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
      const v = await resolveAnalyticsViewer(request.scope, request.user, query);
      const p = await resolveAnalyticsParams(request.scope, query, v);
      return reportEffectiveness(request.scope, p, v.figures, { success, outcome, withinDays: within_days });
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
      const v = await resolveAnalyticsViewer(request.scope, request.user, query);
      const p = await resolveAnalyticsParams(request.scope, query, v);
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
      const v = await resolveAnalyticsViewer(request.scope, request.user, query);
      const p = await resolveAnalyticsParams(request.scope, query, v);
      const j = await getCustomerJourney(request.scope, p, request.params.customerId, limit);
      return { period: presentPeriod(p), ...j };
    },
  );
}
