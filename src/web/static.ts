/**
 * Serves the built web app (web/dist) at `/` with an SPA fallback: any GET that is not an API,
 * docs or asset path answers index.html so client-side routes (shareable URLs) load directly.
 * API 404s keep the problem+json answer of the shared not-found handler.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../errors.js';

export const WEB_DIST = resolve(import.meta.dirname, '../../web/dist');

/** True when a built web app is present to serve. */
export function hasWebBuild(dir = WEB_DIST): boolean {
  return existsSync(join(dir, 'index.html'));
}

const NOT_APP = /^\/(api|docs|openapi\.json|metrics|health)(\/|\?|$)/;

export async function registerWebApp(app: FastifyInstance, dir = WEB_DIST) {
  // serve: false — only reply.sendFile; the one route below decides, so a rebuilt dist (new hashed
  // file names) is served without a restart.
  await app.register(fastifyStatic, { root: dir, serve: false, cacheControl: false });
  app.get('/*', { schema: { hide: true }, config: { public: true } }, (request, reply) => {
    const raw = request.url.split('?')[0] ?? '/';
    let path: string;
    try {
      path = decodeURIComponent(raw);
    } catch {
      return sendProblem(reply, 'not_found', `No route ${request.method} ${raw}.`);
    }
    if (NOT_APP.test(path)) return sendProblem(reply, 'not_found', `No route ${request.method} ${path}.`);
    const file = path.replace(/^\/+/, '');
    if (/\.[a-z0-9]+$/i.test(path)) {
      if (!file.includes('..') && existsSync(join(dir, file))) {
        // Hashed assets never change; other files (favicon…) are revalidated.
        const immutable = file.startsWith('assets/');
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        return reply.sendFile(file);
      }
      return sendProblem(reply, 'not_found', `No file ${path}.`);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
