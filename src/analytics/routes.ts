/**
 * Analytics routes of part A (KPIs 1–4 and 8, rollup rebuild). Each handler: resolve the common
 * query, check visibility, call one query function. Part B registers its own routes file.
 */
import type { AppInstance } from '../app.js';
import type { AuthUser } from '../auth/tokens.js';
import { getCompanySettings } from '../company/queries.js';
import { forbidden } from '../errors.js';
import { assertTimeZone } from '../time/zones.js';
import { resolveAnalyticsParams } from './params.js';
import { getEngagement, SCORE_FORMULA } from './queries/get-engagement.js';
import { getPatterns } from './queries/get-patterns.js';
import { getRealtimeMetrics } from './queries/get-realtime-metrics.js';
import { getResponseTimes } from './queries/get-response-times.js';
import { getVolume } from './queries/get-volume.js';
import { getRebuildJob, rebuildJobPath, settleRebuildJobs, startRebuildJob } from './rollups/rebuild-job.js';
import { errorResponses, problem } from './schemas/common.js';
import { EngagementQuery, EngagementResponse } from './schemas/engagement.js';
import { PatternsQuery, PatternsResponse } from './schemas/patterns.js';
import { RealtimeQuery, RealtimeResponse } from './schemas/realtime.js';
import { RebuildJob, RebuildJobParams } from './schemas/rebuild-job.js';
import { ResponseTimesQuery, ResponseTimesResponse } from './schemas/response-times.js';
import { VolumeQuery, VolumeResponse } from './schemas/volume.js';
import { assertCanSee } from './visibility.js';

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
      const v = await assertCanSee(request.user, query, request.scope);
      const p = await resolveAnalyticsParams(request.scope, query);
      return getVolume(request.scope, p, dimension, metric, v);
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
      const v = await assertCanSee(request.user, query, request.scope);
      const p = await resolveAnalyticsParams(request.scope, query);
      return getResponseTimes(request.scope, p, { windowDays: window_days, hours }, v);
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
      await assertCanSee(request.user, query, request.scope);
      const p = await resolveAnalyticsParams(request.scope, query);
      return getEngagement(request.scope, p, { halfLifeDays: half_life_days, limit });
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
      await assertCanSee(request.user, query, request.scope);
      const p = await resolveAnalyticsParams(request.scope, query);
      return getPatterns(request.scope, p, { limit });
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
      await assertCanSee(request.user, filters, request.scope);
      const tz = assertTimeZone(tzParam ?? (await getCompanySettings(request.scope)).timezone);
      return getRealtimeMetrics(request.scope, { filters, tz, limit });
    },
  );

  app.post(
    '/analytics/rollups/rebuild',
    {
      schema: {
        tags,
        summary: 'Start a rebuild of this company’s analytics rollups from the raw events (a job)',
        description:
          'Admin only. Recomputes the rollups (day rows in the company’s current time zone, hour rows, response pairs) from the raw events, in the background; use after changing the zone: until then, requests in the new zone are answered from hour rows or raw events, exactly but slower. Answers 202 with the queued job and its URL in Location: poll GET /analytics/rollups/rebuild/{jobId} for its progress and outcome. One rebuild per company at a time: while one is queued or running, answers 409 (problem+json) whose detail names that job’s id and URL. The rebuild is one transaction holding the company’s write lock, so event writes wait for it; on the embedded database every query waits for it.',
        response: { 202: RebuildJob, 409: problem, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertAdmin(request.user);
      const job = await startRebuildJob(request.scope, { log: request.log });
      reply.header('location', rebuildJobPath(job.id));
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/analytics/rollups/rebuild/:jobId',
    {
      schema: {
        tags,
        summary: 'A rollup rebuild job: status, progress and outcome',
        description:
          'Admin only. Any instance answers from the stored job; the instance running it adds the live step. A job of another company is not found, like a missing one.',
        params: RebuildJobParams,
        response: { 200: RebuildJob, 404: problem, ...errorResponses },
      },
    },
    async (request) => {
      assertAdmin(request.user);
      return getRebuildJob(request.scope, request.params.jobId);
    },
  );
  // A rebuild still running at shutdown ends (and is recorded) before the database closes.
  app.addHook('onClose', settleRebuildJobs);
}

function assertAdmin(user: AuthUser) {
  if (user.role !== 'admin') throw forbidden('Only an admin may rebuild the analytics rollups.');
}
