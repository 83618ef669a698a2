/** The live stream: GET /stream (Server-Sent Events) and POST /stream/tokens (for EventSource). */

import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import { createVerifier, tokenSettings } from '../auth/tokens.js';
import { scopeFor } from '../db/scope.js';
import { withFilterZone } from '../events/time-of-day.js';
import { assertRange } from '../time/zones.js';
import { assertCanAsk } from '../visibility/explicit.js';
import { resolveVisibility } from '../visibility/policy.js';
import { StreamClient } from './client.js';
import { StreamHub } from './hub.js';
import { startMetrics } from './metrics-messages.js';
import { streamOptions } from './options.js';
import { getStreamPosition } from './queries/stream-position.js';
import { STREAM_DESCRIPTION, StreamHeaders, StreamQuery, StreamTokenResponse } from './schema.js';
import { SSE_HEADERS } from './sse.js';
import { authenticateStream, issueStreamToken } from './stream-token.js';
import { openTimelineStream } from './timeline-stream.js';
import { endAtExpiry } from './token-expiry.js';

const tags = ['stream'];
const problem = { $ref: 'Problem#' };

export function registerStreamRoutes(app: AppInstance) {
  const { config, db, secret } = app.ctx;
  const options = streamOptions(config, app.ctx.stream);
  const hub = new StreamHub(db, options, app.log, (s) => app.metrics?.streamDeliveryLag.observe(s));
  // preClose: open streams would otherwise keep server.close() waiting forever.
  app.addHook('preClose', async () => hub.close());
  const settings = tokenSettings(config, secret);
  const verify = createVerifier(settings);
  const policy = {
    maxTtlSeconds: config.authMaxTokenTtlSeconds,
    clockSkewSeconds: config.authClockSkewSeconds,
  };

  app.post(
    '/stream/tokens',
    {
      schema: {
        tags,
        summary: 'A short-lived token for GET /stream?token= (EventSource cannot send headers)',
        response: { 200: StreamTokenResponse, 401: problem, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'events:read');
      const session = { user: request.user, expiresAt: request.tokenExpiresAt };
      return issueStreamToken(secret, session, options.tokenTtlSeconds);
    },
  );

  app.get(
    '/stream',
    {
      // Authenticates itself (header JWT or ?token= stream token). Its reads are not bound to the
      // request: a company's feed, started by one client, serves every client of the company.
      config: { public: true, statementLimits: false },
      schema: {
        tags,
        summary: 'Live timeline (Server-Sent Events), resumable with Last-Event-ID',
        description: STREAM_DESCRIPTION,
        querystring: StreamQuery,
        headers: StreamHeaders,
        response: {
          200: {
            description: 'text/event-stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          400: problem,
          401: problem,
          403: problem,
          404: problem,
        },
      },
      // Authenticate before validating, so an anonymous caller learns nothing about the parameters.
      onRequest: async (request) => {
        ({ user: request.user, expiresAt: request.tokenExpiresAt } = await authenticateStream(
          request,
          verify,
          secret,
          policy,
        ));
        request.scope = scopeFor(db, request.user.companyId);
      },
    },
    async (request, reply) => {
      authorize(request.user, 'events:read');
      // HEAD (Fastify routes it here) gets the headers a stream would, and no stream that never ends.
      if (request.method === 'HEAD') return reply.headers(SSE_HEADERS).header('connection', 'close').send();
      const { last_event_id, token: _token, metrics, timeline_id, ...requested } = request.query;
      assertRange(requested.from, requested.to);
      // Resolved once per connection: a change of the setting or of teams applies on reconnect.
      const v = await resolveVisibility(request.scope, request.user);
      assertCanAsk(v, requested);
      const timeline = timeline_id
        ? await openTimelineStream(
            request.scope,
            request.user,
            timeline_id,
            requested,
            options.accessRecheckMs,
          )
        : undefined;
      // weekday/hour without tz are read in the company's zone, as GET /events reads them.
      const filters = timeline?.filters ?? (await withFilterZone(request.scope, requested));
      const resumeFrom = request.headers['last-event-id'] ?? last_event_id;
      await hub.listen(); // before reading the position, so no commit after it goes unnoticed
      const position = await getStreamPosition(request.scope);
      let start = resumeFrom === undefined ? position.lastSeq : Number(resumeFrom);
      let reset: string | undefined;
      if (start > position.lastSeq) reset = 'unknown_position';
      else if (start < position.prunedThrough) reset = 'gap_expired';
      if (reset) start = position.lastSeq;

      reply.hijack();
      const res = reply.raw;
      // The body ends when the connection does (no chunked framing), so messages can go straight to
      // the socket: one write per delivery instead of four stream writes and a writev.
      res.useChunkedEncodingByDefault = false;
      res.writeHead(200, { ...SSE_HEADERS, connection: 'close', 'x-request-id': request.id });
      res.write(': connected\nretry: 2000\n\n');
      const client = new StreamClient(
        res.socket ?? res,
        request.user,
        filters,
        v,
        start,
        options.maxQueueBytes,
      );
      res.on('close', () => client.close());
      if (res.destroyed || request.raw.socket.destroyed) client.close(); // gone before we listened
      app.metrics?.streamClients.inc();
      client.onClose(() => app.metrics?.streamClients.dec());
      if (reset) client.reset(reset, start);
      endAtExpiry(client, request.tokenExpiresAt);
      timeline?.attach(client);
      if (metrics === '1' || metrics === 'true')
        startMetrics(client, request.scope, options.metricsMs, request.log);
      try {
        await hub.connect(client);
      } catch (error) {
        request.log.error({ err: error }, 'stream replay failed');
        client.close();
      }
    },
  );
}
