/** `?metrics=1`: periodic `metrics` messages so dashboard tiles update without polling. */
import type { FastifyBaseLogger } from 'fastify';
import type { Scope } from '../db/scope.js';
import type { StreamClient } from './client.js';
import { countRecentEvents } from './queries/count-recent.js';

/** Sends metrics now and every `intervalMs` until the client closes. */
export function startMetrics(client: StreamClient, scope: Scope, intervalMs: number, log: FastifyBaseLogger) {
  let busy = false; // a slow query must not pile up overlapping ones
  const send = async () => {
    if (busy || client.closed) return;
    busy = true;
    try {
      const metrics = await countRecentEvents(scope, client.filters, client.visible);
      client.push('metrics', undefined, JSON.stringify(metrics));
    } catch (error) {
      log.error({ err: error }, 'stream metrics failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void send(), intervalMs).unref();
  client.onClose(() => clearInterval(timer));
  void send();
}
