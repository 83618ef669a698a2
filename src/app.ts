/** buildApp(config, db): the Fastify instance with every feature registered. main.ts and tests call it. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import ajvFormats from 'ajv-formats';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { registerReadGuard } from './analytics/read-guard.js';
import { registerAnalyticsRoutes } from './analytics/routes.js';
import { registerBulkReadAudit } from './audit/bulk-read.js';
import { registerAuditRoutes } from './audit/routes.js';
import { registerAuth } from './auth/plugin.js';
import { createVerifier, tokenSettings } from './auth/tokens.js';
import { registerCompanyRoutes } from './company/routes.js';
import type { Config } from './config.js';
import { registerDashboardRoutes } from './dashboards/routes.js';
import type { Db } from './db/connect.js';
import { DatabaseWatch } from './db/database-watch.js';
import { registerDemoRoutes } from './demo/routes.js';
import { registerDirectoryRoutes } from './directory/routes.js';
import { registerErasureRoutes } from './erasure/routes.js';
import { handleFrameworkError, Problem, registerErrorHandling } from './errors.js';
import { registerEventRoutes } from './events/routes.js';
import { registerExportJobRoutes } from './exports/jobs/routes.js';
import { registerExportRoutes } from './exports/routes.js';
import { registerBodyLimit } from './http/body-limit.js';
import { handleClientError } from './http/client-errors.js';
import { registerConnectionClosing } from './http/closing-connections.js';
import { registerCompression } from './http/compression.js';
import { registerCors } from './http/cors.js';
import { registerDatabaseGate } from './http/database-gate.js';
import { registerEdgeValues } from './http/edge-values.js';
import { registerNdjson } from './http/ndjson.js';
import { registerListSplitting } from './http/query-lists.js';
import { registerRateLimits } from './http/rate-limit.js';
import { registerRequestLimits } from './http/request-limits.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerStorableText } from './http/storable-text.js';
import { registerMeRoutes } from './me/routes.js';
import { registerOps } from './ops/register.js';
import { requestIdFrom } from './ops/request-id.js';
import { registerReportRoutes } from './reports/routes.js';
import { registerRetentionRoutes } from './retention/routes.js';
import { registerScheduleRoutes } from './schedules/routes.js';
import { registerStreamRoutes } from './stream/routes.js';
import { loadZoneCatalogue } from './time/zone-catalogue.js';
import { registerTimelineRoutes } from './timelines/routes.js';
import { hasWebBuild, registerWebApp } from './web/static.js';

export interface AppContext {
  config: Config;
  db: Db;
  /** HS256 secret used for tokens this server signs (demo sessions, stream tokens, cursors). */
  secret: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** Whether the database can serve; /readyz and the 503 gate read it. */
    databaseWatch: DatabaseWatch;
  }
}

export interface BuildOptions {
  logger?: boolean | object;
  /** Apply pending migrations when the database comes back without them (serve; see db/database-watch.ts). */
  applyPendingMigrations?: boolean;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}) {
  // The zones requests may name: those both Intl and this database know (read once).
  await loadZoneCatalogue(ctx.db);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: ctx.config.bodyLimitBytes,
    // genReqId reads X-Request-Id itself, keeping it only when it is safe to log and echo.
    requestIdHeader: false,
    genReqId: requestIdFrom,
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: handleClientError,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        allErrors: true,
        useDefaults: true,
        multipleOfPrecision: 6, // else 0.07 fails multipleOf 0.01 in floating point
      },
      plugins: [ajvFormats.default as never],
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ctx', ctx);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const databaseWatch = new DatabaseWatch(ctx.db, {
    applyPendingMigrations: options.applyPendingMigrations ?? false,
    log: app.log,
  });
  app.decorate('databaseWatch', databaseWatch);
  registerErrorHandling(app, { onDatabaseFault: (fault) => databaseWatch.noteFault(fault.kind) });
  registerRequestLimits(app, { readTimeoutMs: ctx.config.dbReadTimeoutMs });
  registerDatabaseGate(app, databaseWatch);
  registerBodyLimit(app, ctx.config.bodyLimitBytes);
  registerConnectionClosing(app);
  // JSON and NDJSON only: anything else (text/plain included) is a 415, not a confusing 400.
  app.removeContentTypeParser('text/plain');
  registerNdjson(app);
  registerListSplitting(app);
  registerEdgeValues(app);
  registerStorableText(app);
  app.addSchema(Problem);
  // Before any route, so their onRoute/onRequest hooks reach every route (ops, docs and web app included).
  await registerSecurityHeaders(app, ctx.config.frameAncestors);
  await registerCors(app, ctx.config.corsOrigins);
  await registerCompression(app);
  registerOps(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'CRM Activity Timeline API',
        version: '1',
        description:
          'Every customer interaction in one chronological, filterable, live timeline. Errors are RFC 9457 problem+json.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  const verify = createVerifier(tokenSettings(ctx.config, ctx.secret));
  registerAuth(app, ctx.db, verify);
  registerBulkReadAudit(app); // one audit entry per read focused on one customer
  await registerRateLimits(app, {
    perToken: ctx.config.rateLimitPerToken,
    perCompany: ctx.config.rateLimitPerCompany,
  });
  // At the root: its hooks cover every analytics and dashboard route, wherever it is registered.
  registerReadGuard(app, {
    timeoutMs: ctx.config.analytics.queryTimeoutMs,
    perCompanyRunning: ctx.config.analytics.companyConcurrency,
    perCompanyQueued: ctx.config.analytics.companyQueue,
  });

  await app.register(
    async (api: AppInstance) => {
      registerEventRoutes(api);
      registerExportRoutes(api);
      registerExportJobRoutes(api);
      registerDirectoryRoutes(api);
      registerCompanyRoutes(api);
      registerAuditRoutes(api);
      registerErasureRoutes(api);
      registerRetentionRoutes(api);
      registerAnalyticsRoutes(api);
      registerDashboardRoutes(api);
      registerStreamRoutes(api);
      registerTimelineRoutes(api);
      registerReportRoutes(api);
      registerMeRoutes(api);
      registerScheduleRoutes(api);
      if (ctx.config.demo) registerDemoRoutes(api);
    },
    { prefix: '/api/v1' },
  );
  if (ctx.config.serveWeb && hasWebBuild()) await registerWebApp(app);
  return app;
}

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
