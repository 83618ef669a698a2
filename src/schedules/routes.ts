/** The report schedules API: create, list, read, patch, delete (actions and history: action-routes.ts). */
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import type { AppInstance } from '../app.js';
import type { AuthUser } from '../auth/tokens.js';
import { databaseNow } from '../db/clock.js';
import type { Scope } from '../db/scope.js';
import { notFound } from '../errors.js';
import { registerScheduleActionRoutes } from './action-routes.js';
import type { Claimant } from './claim.js';
import type { ScheduleRow } from './db-types.js';
import { emailTransportOf } from './email.js';
import { presentSchedule } from './presenter.js';
import * as q from './queries.js';
import { assertMayManage, assertMaySchedule, mergePatch, prepareSchedule } from './save.js';
import { deliverySettings } from './scheduler.js';
import {
  ListSchedulesResponse,
  Schedule,
  ScheduleIdParams,
  ScheduleInput,
  SchedulePatch,
  ScheduleWithSecret,
} from './schema.js';
import { newSecret } from './webhook.js';

const tags = ['report-schedules'];
const problem = { $ref: 'Problem#' };
const errors = { 400: problem, 403: problem, 404: problem };

/** What every schedule route shares: settings, presenting, loading a schedule one may manage. */
export function scheduleRouteContext(app: AppInstance) {
  const config = app.ctx.config.schedules;
  const settings = deliverySettings(config);
  const transport = emailTransportOf(settings.email);
  // Unique per process: a delivery's progress is written only while its claimant still holds it.
  const claimant: Claimant = { instance: `api-${randomUUID()}`, leaseMs: config.leaseMs };
  // Deliveries started by send-now run after their 202; closing the app waits for them.
  const sending = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...sending]);
  });
  const present = async (scope: Scope, row: ScheduleRow) =>
    presentSchedule(row, (await q.latestDeliveries(scope, [row.id])).get(row.id), transport);
  const load = async (scope: Scope, user: AuthUser, id: string) => {
    assertMaySchedule(user);
    return assertMayManage(user, await q.getSchedule(scope, id));
  };
  return { settings, transport, claimant, sending, present, load, params: { params: ScheduleIdParams } };
}
export type ScheduleRouteContext = ReturnType<typeof scheduleRouteContext>;

export function registerScheduleRoutes(app: AppInstance) {
  const c = scheduleRouteContext(app);
  const { settings, transport, present, load, params } = c;
  app.post(
    '/report-schedules',
    {
      schema: {
        tags,
        summary: 'Schedule a dashboard, digest or report',
        body: ScheduleInput,
        response: { 201: ScheduleWithSecret, ...errors },
      },
    },
    async (request, reply) => {
      const { scope, user } = request;
      assertMaySchedule(user);
      const values = await prepareSchedule(
        scope,
        user,
        request.body,
        settings.webhook,
        await databaseNow(scope.db),
      );
      const secret = newSecret();
      const row = await q.insertSchedule(scope, {
        ...values,
        owner_user_id: user.userId,
        owner_role: user.role,
        owner_team_id: user.teamId,
        webhook_secret: secret,
      });
      reply.header('location', `/api/v1/report-schedules/${row.id}`);
      return reply.status(201).send({ ...(await present(scope, row)), webhook_secret: secret });
    },
  );

  app.get(
    '/report-schedules',
    {
      schema: {
        tags,
        summary: 'My schedules (an admin: every schedule of the company)',
        description:
          'Schedules hold no activity: deliveries apply each recipient’s visibility when they run.',
        response: { 200: ListSchedulesResponse, 403: problem },
      },
    },
    async (request) => {
      const { scope, user } = request;
      assertMaySchedule(user);
      const rows = await q.listSchedules(scope, user.role === 'admin' ? null : user.userId);
      const last = await q.latestDeliveries(
        scope,
        rows.map((r) => r.id),
      );
      return {
        items: rows.map((r) => presentSchedule(r, last.get(r.id), transport)),
        email_transport: transport,
      };
    },
  );

  app.get(
    '/report-schedules/:id',
    { schema: { tags, summary: 'One schedule', ...params, response: { 200: Schedule, ...errors } } },
    async (request) => present(request.scope, await load(request.scope, request.user, request.params.id)),
  );

  app.patch(
    '/report-schedules/:id',
    {
      schema: {
        tags,
        summary: 'Change a schedule (next run recomputed from now)',
        ...params,
        body: SchedulePatch,
        response: { 200: Schedule, ...errors },
      },
    },
    async (request) => {
      const { scope, user } = request;
      const row = await load(scope, user, request.params.id);
      const values = await prepareSchedule(
        scope,
        user,
        mergePatch(row, request.body),
        settings.webhook,
        await databaseNow(scope.db),
      );
      const updated = await q.updateSchedule(scope, row.id, values);
      if (!updated) throw notFound('Schedule');
      return present(scope, updated);
    },
  );

  app.delete(
    '/report-schedules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a schedule and its history',
        ...params,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const row = await load(request.scope, request.user, request.params.id);
      await q.deleteSchedule(request.scope, row.id);
      return reply.status(204).send(null);
    },
  );

  registerScheduleActionRoutes(app, c);
}
