/** Schedule actions: pause, resume, rotate the webhook secret, send now; and the delivery history. */

import type { AppInstance } from '../app.js';
import { databaseNow } from '../db/clock.js';
import { scopeFor } from '../db/scope.js';
import { outsideRequest } from '../db/statement-limits.js';
import { conflict, notFound } from '../errors.js';
import { claimSlot } from './claim.js';
import { presentDelivery } from './presenter.js';
import * as q from './queries.js';
import type { ScheduleRouteContext } from './routes.js';
import { runDelivery } from './run-delivery.js';
import { Delivery, ListDeliveriesQuery, ListDeliveriesResponse, Schedule, SecretResponse } from './schema.js';
import { nextSlot } from './timing.js';
import { newSecret } from './webhook.js';

const tags = ['report-schedules'];
const problem = { $ref: 'Problem#' };
const errors = { 400: problem, 403: problem, 404: problem };

export function registerScheduleActionRoutes(app: AppInstance, c: ScheduleRouteContext) {
  const { settings, transport, claimant, sending, present, load, params } = c;
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
        const next = paused
          ? row.next_slot_at
          : nextSlot(row.cron, row.timezone, await databaseNow(request.scope.db));
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
        summary: 'Deliver now, outside the schedule (paused or not); answers 202 at once',
        description:
          'Answers 202 with the new delivery (status running, trigger "manual"); it is delivered in the background. ' +
          'GET /report-schedules/:id/deliveries shows its progress: each recipient queued, sending (with webhook tries so far), then sent, outboxed, failed or skipped.',
        ...params,
        response: { 202: Delivery, ...errors, 409: problem },
      },
    },
    async (request, reply) => {
      const { scope, user } = request;
      const row = await load(scope, user, request.params.id);
      // The slot is the database's now(), the instant the history and the lease are judged by.
      const claimed = await claimSlot(scope, claimant, {
        scheduleId: row.id,
        trigger: 'manual',
        late: false,
      });
      if (!claimed) throw conflict('A delivery of this schedule started at this very instant; try again.');
      // Past the request: no read deadline, and the owner's tenant context, as export jobs run.
      const background = scopeFor(app.ctx.db, scope.companyId, scope.actor);
      outsideRequest(() => {
        const run = runDelivery(background, row, claimed, settings, claimant)
          .catch((err) => app.log.error({ err, delivery: claimed.id }, 'send-now delivery failed'))
          .finally(() => sending.delete(run));
        sending.add(run);
      });
      reply.header('location', `/api/v1/report-schedules/${row.id}/deliveries`);
      return reply.status(202).send(presentDelivery(claimed, transport));
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
