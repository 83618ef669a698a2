/** The operations endpoints and hooks (health, readiness, metrics), registered at the app root. */
import type { FastifyInstance } from 'fastify';
import { registerHealth } from './health.js';
import { registerMetrics } from './metrics-http.js';

/** Call before the features are registered, so the metrics hooks see every route. */
export function registerOps(app: FastifyInstance) {
  registerHealth(app);
  registerMetrics(app);
}
