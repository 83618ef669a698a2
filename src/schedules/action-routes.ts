/** Schedule actions: pause, resume, rotate the webhook secret, send now; and the delivery history. */

import type { AppInstance } from '../app.js';
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
  const { settings, transport, claimant, present, load, params } = c;
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
