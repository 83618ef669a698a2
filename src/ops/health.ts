/**
 * `GET /healthz` (the process answers) and `GET /readyz` (this instance can serve: database
 * reachable, every migration applied, not shutting down). Outside /api, so no token; the answers
 * name the failing check but carry no data.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { peekReplica } from '../analytics/replica/registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set when the instance starts closing, so load balancers stop sending it traffic. */
    readiness: { shuttingDown: boolean };
  }
}

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Optional(
    Type.Object({
      database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
      migrations: Type.Union([Type.Literal('ok'), Type.Literal('pending'), Type.Literal('unknown')]),
      shutdown: Type.Union([Type.Literal('no'), Type.Literal('in progress')]),
      analytics: Type.Optional(Type.Union([Type.Literal('following'), Type.Literal('loading')])),
    }),
  ),
  analytics: Type.Optional(
    Type.Object(
      {
        state: Type.Union([Type.Literal('following'), Type.Literal('loading')]),
        loading_companies: Type.Integer(),
        loaded_percent: Type.Union([Type.Number(), Type.Null()], {
          description:
            'Events copied of the companies loading now, in percent (100 while their last step, computing sequence facts, runs).',
        }),
        lag_changes: Type.Integer({ description: 'Changes not yet applied at the last poll.' }),
        lag_seconds: Type.Number({ description: 'Age of the oldest of them.' }),
      },
      {
        description:
          'The columnar analytics replica of this instance. Loading does not make the instance unready: timelines and ingest serve; analytics of a company still loading answer 503 with Retry-After.',
      },
    ),
  ),
});

function analyticsState(app: FastifyInstance) {
  const r = peekReplica(app.ctx.db);
  if (!r) return undefined;
  const loading = [...r.progress.values()].filter((p) => p.state === 'loading');
  const total = loading.reduce((s, p) => s + (p.total ?? 0), 0);
  const loaded = loading.reduce((s, p) => s + (p.loaded ?? 0), 0);
  return {
    state: loading.length || !r.caughtUpAtStart ? ('loading' as const) : ('following' as const),
    loading_companies: loading.length,
    loaded_percent: total ? Math.floor((loaded / total) * 1000) / 10 : null,
    lag_changes: r.lag.behind,
    lag_seconds: r.lag.seconds,
  };
}

function noStore(reply: FastifyReply) {
  reply.header('cache-control', 'no-store');
}

export function registerHealth(app: FastifyInstance) {
  app.decorate('readiness', { shuttingDown: false });
  app.addHook('preClose', async () => {
    app.readiness.shuttingDown = true;
  });

  app.get('/healthz', { schema: { hide: true, response: { 200: Health } } }, async (_request, reply) => {
    noStore(reply);
    return { status: 'ok' as const };
  });

  app.get(
    '/readyz',
    { schema: { hide: true, response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      noStore(reply);
      // The watch answers within 2 s even if the database hangs, and (serve) applies pending migrations.
      const { database, migrations } = await app.databaseWatch.check();
      const shutdown = app.readiness.shuttingDown ? 'in progress' : 'no';
      const ready = database === 'ok' && migrations === 'ok' && shutdown === 'no';
      const analytics = analyticsState(app);
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ok' : 'unavailable',
        checks: { database, migrations, shutdown, ...(analytics ? { analytics: analytics.state } : {}) },
        ...(analytics ? { analytics } : {}),
      } as const);
    },
  );
}
