/**
 * Bounds the database work of every /api request, set once here at the edge: its statements are
 * cancelled when the client disconnects, and a read (GET) gets DB_READ_TIMEOUT_MS from its arrival
 * for all of them (then 503). Writes keep only the server-side statement limit: a batch that took
 * long is better finished than redone. The drivers read the limits (db/statement-limits.ts).
 */
import { setMaxListeners } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { type StatementLimits, withLimits } from '../db/statement-limits.js';

declare module 'fastify' {
  interface FastifyRequest {
    statementLimits?: StatementLimits;
  }
  interface FastifyContextConfig {
    /** false: the route's database work is not bound to the request (the live stream shares its reads). */
    statementLimits?: boolean;
  }
}

export function registerRequestLimits(app: FastifyInstance, options: { readTimeoutMs: number }) {
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.statementLimits === false)
      return done();
    const abort = new AbortController();
    setMaxListeners(0, abort.signal); // a dashboard runs a dozen statements at once on one signal
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const read = request.method === 'GET' || request.method === 'HEAD';
    const limits: StatementLimits = read
      ? {
          signal: abort.signal,
          deadline: Date.now() + options.readTimeoutMs,
          budgetMs: options.readTimeoutMs,
        }
      : { signal: abort.signal };
    request.statementLimits = limits;
    withLimits(limits, done);
  });
  // Again before the handler: a body is parsed in the socket's callbacks, outside the context above.
  app.addHook('preHandler', (request, _reply, done) => {
    const limits = request.statementLimits;
    if (limits) withLimits(limits, done);
    else done();
  });
}
