/** The report schedules API: CRUD, pause/resume, send now, secret rotation, delivery history. */
import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import type { AppInstance } from '../app.js';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { conflict, notFound } from '../errors.js';
import { type Claimant, claimSlot } from './claim.js';
import type { ScheduleRow } from './db-types.js';
import { emailTransportOf } from './email.js';
import { presentDelivery, presentSchedule } from './presenter.js';
import * as q from './queries.js';
import { runDelivery } from './run-delivery.js';
import { assertMayManage, assertMaySchedule, mergePatch, prepareSchedule } from './save.js';
import { deliverySettings } from './scheduler.js';
import {
  Delivery,
  ListDeliveriesQuery,
  ListDeliveriesResponse,
  ListSchedulesResponse,
  Schedule,
  ScheduleIdParams,
  ScheduleInput,
  SchedulePatch,
  ScheduleWithSecret,
  SecretResponse,
} from './schema.js';
import { nextSlot } from './timing.js';

const tags = ['report-schedules'];
const problem = { $ref: 'Problem#' };
const errors = { 400: problem, 403: problem, 404: problem };
const newSecret = () => randomBytes(32).toString('base64url');

export function registerScheduleRoutes(app: AppInstance) {
  const config = app.ctx.config.schedules;
  const settings = deliverySettings(config);
  const transport = emailTransportOf(settings.email);
  const claimant: Claimant = { instance: 'api', leaseMs: config.leaseMs };

  const present = async (scope: Scope, row: ScheduleRow) =>
    presentSchedule(row, (await q.latestDeliveries(scope, [row.id])).get(row.id), transport);
  const load = async (scope: Scope, user: AuthUser, id: string) => {
    assertMaySchedule(user);
    return assertMayManage(user, await q.getSchedule(scope, id));
  };
  const params = { params: ScheduleIdParams };

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
      const values = await prepareSchedule(scope, user, request.body, settings.webhook, new Date());
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
        new Date(),
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

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const)
    app.post(
      `/report-schedules/:id/${action}`,
      {
        schema: {
          tags,
          summary: paused
            ? 'Pause: no slot is delivered until resumed'
            : 'Resume from the next slot after now (paused slots are not replayed)',
          ...params,
          response: { 200: Schedule, ...errors },
        },
      },
      async (request) => {
        const row = await load(request.scope, request.user, request.params.id);
        const next = paused ? row.next_slot_at : nextSlot(row.cron, row.timezone, new Date());
        const updated = await q.updateSchedule(request.scope, row.id, { paused, next_slot_at: next });
        if (!updated) throw notFound('Schedule');
        return present(request.scope, updated);
      },
    );

  app.post(
    '/report-schedules/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'A new webhook secret (shown once); the old one stops signing now',
        ...params,
        response: { 200: SecretResponse, ...errors },
      },
    },
    async (request) => {
      const row = await load(request.scope, request.user, request.params.id);
      const secret = newSecret();
      await q.updateSchedule(request.scope, row.id, { webhook_secret: secret });
      return { webhook_secret: secret };
    },
  );

  app.post(
    '/report-schedules/:id/send-now',
    {
      schema: {
        tags,
        summary: 'Deliver now, outside the schedule (paused or not); answers when done',
        description:
          'The delivery is recorded in the history with trigger "manual"; webhook retries run within the request.',
        ...params,
        response: { 200: Delivery, ...errors, 409: problem },
      },
    },
    async (request) => {
      const { scope, user } = request;
      const row = await load(scope, user, request.params.id);
      const now = new Date();
      const claimed = await claimSlot(scope, claimant, {
        scheduleId: row.id,
        slot: now,
        trigger: 'manual',
        late: false,
        now,
      });
      if (!claimed) throw conflict('A delivery of this schedule started at this very instant; try again.');
      await runDelivery(scope, row, claimed, settings);
      const [done] = (await q.listDeliveries(scope, row.id, 200)).filter((d) => d.id === claimed.id);
      return presentDelivery(done ?? claimed, transport);
    },
  );

  app.get(
    '/report-schedules/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'Delivery history, newest slot first',
        description: 'Per recipient: channel, address, status and every attempt (webhook retries included).',
        ...params,
        querystring: ListDeliveriesQuery,
        response: { 200: ListDeliveriesResponse, ...errors },
      },
    },
    async (request) => {
      const row = await load(request.scope, request.user, request.params.id);
      const rows = await q.listDeliveries(request.scope, row.id, request.query.limit ?? 50);
      return { items: rows.map((d) => presentDelivery(d, transport)) };
    },
  );
}
