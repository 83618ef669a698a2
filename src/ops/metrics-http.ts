/**
 * Wires the metrics into the app: request counts and latency per route pattern, ingest outcomes
 * read from the events routes' answers, and `GET /metrics` (behind METRICS_TOKEN when set).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../errors.js';
import { type AppMetrics, createMetrics } from './metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

const INGEST_ONE = '/api/v1/events';
const INGEST_BATCH = '/api/v1/events/batch';
// Statuses meaning "the events were looked at and refused"; 401/403 never reached the events.
const REJECTED = new Set([400, 409, 413, 422]);
/** The status label of a request its client abandoned before the answer was complete. */
const CLIENT_CLOSED = 499;

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function countIngest(metrics: AppMetrics, request: FastifyRequest, reply: FastifyReply) {
  if (request.method !== 'POST') return;
  const route = request.routeOptions.url;
  const status = reply.statusCode;
  if (route === INGEST_ONE) {
    if (status === 201) metrics.ingestEvents.inc({ outcome: 'stored' });
    else if (status === 200) metrics.ingestEvents.inc({ outcome: 'duplicate' });
    else if (REJECTED.has(status)) metrics.ingestEvents.inc({ outcome: 'rejected' });
  } else if (route === INGEST_BATCH && REJECTED.has(status) && Array.isArray(request.body)) {
    // The whole batch was refused (atomic=true with invalid items, or too many items).
    if (request.body.length > 0) metrics.ingestEvents.inc({ outcome: 'rejected' }, request.body.length);
  }
}

/** Per-item outcomes of a successful batch, read from its answer before serialization. */
function countBatch(metrics: AppMetrics, payload: unknown) {
  const p = payload as { stored?: unknown; duplicates?: unknown; rejected?: unknown };
  const add = (outcome: string, n: unknown) => {
    if (typeof n === 'number' && n > 0) metrics.ingestEvents.inc({ outcome }, n);
  };
  add('stored', p.stored);
  add('duplicate', p.duplicates);
  add('rejected', p.rejected);
}

export function registerMetrics(app: FastifyInstance) {
  const metrics = createMetrics(app.ctx.db);
  app.decorate('metrics', metrics);

  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.method === 'POST' && request.routeOptions.url === INGEST_BATCH && reply.statusCode === 200) {
      countBatch(metrics, payload);
    }
    return payload;
  });
  const counted = new WeakSet<FastifyRequest>();
  const countRequest = (request: FastifyRequest, reply: FastifyReply, status: number) => {
    if (counted.has(request)) return;
    counted.add(request);
    // Route patterns, never raw URLs, so ids do not explode the label set; 404s share one label.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(status),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  };
  // Fastify runs no onResponse for a request whose client hung up before the answer was written
  // (the same cause as the analytics read guard's 'close' listener): count those on the socket's
  // close, as 499 ("client closed request", nginx's code), so slow cancelled requests still show.
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) countRequest(request, reply, CLIENT_CLOSED);
    });
  });
  app.addHook('onResponse', async (request, reply) => {
    countRequest(request, reply, reply.statusCode);
    countIngest(metrics, request, reply);
  });

  const token = app.ctx.config.metricsToken;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (!match?.[1] || !sameSecret(match[1], token)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendProblem(
          reply,
          'unauthorized',
          'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".',
        );
      }
    }
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
