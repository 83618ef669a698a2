/**
 * CORS is closed unless CORS_ORIGINS lists the origins allowed to call the API from a browser
 * (the web app itself is same-origin and needs none). Bearer tokens, not cookies: no credentials.
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export async function registerCors(app: FastifyInstance, origins: string[]) {
  // Not registered at all when closed: no Access-Control-* header is ever sent, so a browser on
  // another origin cannot read any answer, and OPTIONS preflights get the ordinary 404.
  if (origins.length === 0) return;
  await app.register(cors, {
    origin: origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'last-event-id', 'x-request-id'],
    exposedHeaders: [
      'etag',
      'location',
      'retry-after',
      'x-request-id',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
    ],
    credentials: false,
    maxAge: 600,
  });
}
