/** Tests' "send now": POST …/send-now (202 with the running delivery), then the history until it finished. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: a delivery's JSON; each test reads what it checks
type Delivery = any;

/** The delivery as the history shows it once it is no longer running. */
export async function waitForDelivery(
  app: FastifyInstance,
  headers: Record<string, string>,
  scheduleId: string,
  deliveryId: string,
): Promise<Delivery> {
  for (let i = 0; i < 600; i++) {
    const res = await app.inject({ url: `/api/v1/report-schedules/${scheduleId}/deliveries`, headers });
    const found = (res.json().items as Delivery[]).find((d) => d.id === deliveryId);
    if (found && found.status !== 'running') return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`delivery ${deliveryId} still running`);
}

/** Sends now; asserts the immediate 202 (running, manual) and returns the finished delivery. */
export async function sendNowAndWait(
  app: FastifyInstance,
  headers: Record<string, string>,
  scheduleId: string,
): Promise<Delivery> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/report-schedules/${scheduleId}/send-now`,
    headers,
  });
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json()).toMatchObject({ status: 'running', trigger: 'manual', finished_at: null });
  return waitForDelivery(app, headers, scheduleId, res.json().id);
}
