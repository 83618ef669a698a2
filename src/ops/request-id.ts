/**
 * Request ids: a client (or proxy) may send X-Request-Id to correlate logs across services; we keep
 * it only when it is short and plain, since it is written into every log line and echoed back.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify `genReqId`: the client's X-Request-Id when it is 1–128 of [A-Za-z0-9._:-], else a UUID. */
export function requestIdFrom(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && SAFE_ID.test(sent) ? sent : randomUUID();
}
