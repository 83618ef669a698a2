/**
 * Every analytics, dashboard and report-run request runs under one guard, set up here at the edge:
 * - a deadline (ANALYTICS_QUERY_TIMEOUT) after which its replica queries are interrupted: 503 with
 *   Retry-After;
 * - cancellation: a client that hangs up interrupts its running query at once;
 * - a per-company budget: a few requests run at once, a few more wait, the rest get 429 with
 *   Retry-After, so one tenant's burst cannot starve the others (timeline reads never come here:
 *   they read the system of record, not the replica);
 * - `min_seq`: the request waits (within the deadline) until the replica holds that change;
 * - `freshness` on the response: the seq and instant its figures reflect, and the lag.
 */
import { setMaxListeners } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { AppInstance } from '../app.js';
import { StatementCancelled } from '../db/statement-limits.js';
import { tooManyRequests } from '../errors.js';
import { type ReadContext, readContext } from './replica/read-context.js';

export interface ReadGuardOptions {
  timeoutMs: number;
  /** Requests of one company running at once, and waiting beyond those. */
  perCompanyRunning: number;
  perCompanyQueued: number;
}

export const Freshness = Type.Object(
  {
    as_of: Type.String({
      format: 'date-time',
      description: 'When the analytics replica last applied a change of this company (or loaded it).',
    }),
    seq: Type.Integer({ description: 'Every change up to this change-log seq is in the figures.' }),
    lag: Type.Integer({
      description: 'Committed changes not yet in the figures when they were read (0: up to date).',
    }),
  },
  {
    description:
      'How fresh the figures are. Analytics read a columnar replica that follows the change log; a read waits briefly for the latest committed change, and `min_seq` (the seq a write answered) makes it wait for that one.',
  },
);
export type Freshness = Static<typeof Freshness>;

/** The `min_seq` query parameter every analytics and dashboard endpoint accepts. */
export const minSeqProperty = {
  min_seq: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'Wait until the figures include this change-log seq (a write’s `seq`), up to the query time limit; then answer 503 with Retry-After.',
    }),
  ),
};

interface Slot {
  running: number;
  waiting: Array<() => void>;
}
/** Analytics, dashboards and report runs (a saved report's run, an unsaved definition's preview). */
const GUARDED = /^\/api\/v1\/(analytics\/|dashboards\/|reports\/(preview|[^/?]+\/run)(\?|$))/;
/** Guarded routes whose query takes `min_seq` and whose answer carries `freshness`. */
const isGuardedRoute = (url: string, method: string | string[]) =>
  GUARDED.test(url) && (method === 'GET' || url.endsWith('/reports/preview'));

declare module 'fastify' {
  interface FastifyRequest {
    analyticsRead?: ReadContext;
  }
}

type JsonObjectSchema = { type?: string; properties?: Record<string, unknown> };
const isObjectSchema = (s: unknown): s is JsonObjectSchema =>
  typeof s === 'object' && s !== null && (s as JsonObjectSchema).type === 'object';

export function registerReadGuard(app: AppInstance, options: ReadGuardOptions) {
  const slots = new Map<string, Slot>();

  // Every analytics, dashboard and report-run route, in one place: `min_seq` in its query, `freshness` in its
  // 200 response (routes registered after this hook, in this scope).
  app.addHook('onRoute', (route) => {
    if (!isGuardedRoute(route.url, route.method)) return;
    const schema = route.schema as { querystring?: unknown; response?: Record<string, unknown> } | undefined;
    if (!schema) return;
    if (isObjectSchema(schema.querystring))
      schema.querystring = {
        ...schema.querystring,
        properties: { ...schema.querystring.properties, ...minSeqProperty },
      };
    const ok = schema.response?.[200];
    if (schema.response && isObjectSchema(ok))
      schema.response[200] = { ...ok, properties: { ...ok.properties, freshness: Freshness } };
  });

  /**
   * Takes a turn for the company, waiting in its queue when all are taken. A client that hangs up
   * while waiting leaves the queue (StatementCancelled): its turn must never be handed to a request
   * nobody waits for, which would hold it for good (its 'close' has passed, nothing would give it back).
   */
  const acquire = async (companyId: string, signal: AbortSignal | undefined) => {
    if (signal?.aborted) throw new StatementCancelled('client_gone');
    let slot = slots.get(companyId);
    if (!slot) {
      slot = { running: 0, waiting: [] };
      slots.set(companyId, slot);
    }
    if (slot.running < options.perCompanyRunning) {
      slot.running++;
      return;
    }
    if (slot.waiting.length >= options.perCompanyQueued)
      throw tooManyRequests(
        `Too many analytics requests of this company at once (${options.perCompanyRunning} running, ${options.perCompanyQueued} waiting); try again shortly.`,
        2,
      );
    const s = slot;
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', leave);
        resolve();
      };
      const leave = () => {
        const i = s.waiting.indexOf(wake);
        if (i >= 0) s.waiting.splice(i, 1);
        reject(new StatementCancelled('client_gone'));
      };
      s.waiting.push(wake);
      signal?.addEventListener('abort', leave, { once: true });
    });
  };
  const release = (companyId: string) => {
    const slot = slots.get(companyId);
    if (!slot) return;
    const next = slot.waiting.shift();
    if (next)
      next(); // the slot passes on: running stays the same
    else if (--slot.running === 0) slots.delete(companyId);
  };

  app.addHook('onRequest', (request, reply, done) => {
    if (!GUARDED.test(request.url)) return done();
    const abort = new AbortController();
    setMaxListeners(0, abort.signal); // a dashboard runs a dozen queries on one request's signal
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const ctx: ReadContext = { signal: abort.signal, synced: new Map(), queryMs: 0 };
    request.analyticsRead = ctx;
    readContext.run(ctx, done);
  });

  app.addHook('preHandler', async (request, reply) => {
    const ctx = request.analyticsRead;
    if (!ctx || !request.scope) return;
    const query = request.query as { min_seq?: number } | undefined;
    if (query?.min_seq !== undefined) {
      ctx.minSeq = query.min_seq;
      delete query.min_seq; // the guard's parameter: handlers see only their own
    }
    const companyId = request.scope.companyId;
    await acquire(companyId, ctx.signal);
    ctx.deadline = Date.now() + options.timeoutMs;
    // Its database statements (name look-ups, `q`) get their budget (DB_READ_TIMEOUT_MS) counted
    // from now, not from its arrival: the time it waited in the queue was not database time.
    const limits = request.statementLimits;
    if (limits?.budgetMs !== undefined) limits.deadline = Date.now() + limits.budgetMs;
    let released = false;
    const done = () => {
      if (!released) {
        released = true;
        release(companyId);
      }
    };
    // The response's 'close' comes in every case: once the answer went out, or when the client hung
    // up before it. Not the request's: a request with a body (a report preview) has closed its
    // IncomingMessage once the body was read, so its 'close' was over before this line, and
    // Fastify runs no onResponse for an answer that never went out: the turn was never given back.
    reply.raw.once('close', done);
    (request as FastifyRequest & { releaseSlot?: () => void }).releaseSlot = done;
    // The client may have gone between the turn being handed over and now ('close' has passed).
    if (ctx.signal?.aborted) {
      done();
      throw new StatementCancelled('client_gone');
    }
  });

  app.addHook('onResponse', async (request) => {
    (request as FastifyRequest & { releaseSlot?: () => void }).releaseSlot?.();
    const ctx = request.analyticsRead;
    if (ctx && ctx.queryMs > 0 && request.routeOptions.url)
      app.metrics?.analyticsQueryDuration.observe({ route: request.routeOptions.url }, ctx.queryMs / 1000);
  });

  app.addHook('preSerialization', async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    const ctx = request.analyticsRead;
    if (!ctx || !request.scope || typeof payload !== 'object' || payload === null) return payload;
    // A failed sync is the error being answered: its problem+json carries no freshness.
    const f = await ctx.synced.get(request.scope.companyId)?.catch(() => undefined);
    if (!f) return payload;
    const freshness: Freshness = { as_of: f.appliedAt.toISOString(), seq: f.seq, lag: f.behind };
    return { ...payload, freshness };
  });
}
