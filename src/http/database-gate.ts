/**
 * While the database is known to be unusable (db/database-watch.ts), /api requests answer 503 with
 * Retry-After at once instead of each failing its own way; a request shares the check in progress
 * (or one less than a second old), so the instance serves again as soon as the database does.
 */
import type { FastifyInstance } from 'fastify';
import type { DatabaseWatch } from '../db/database-watch.js';
import { unavailable } from '../errors.js';

export function registerDatabaseGate(app: FastifyInstance, watch: DatabaseWatch) {
  app.addHook('onRequest', async (request) => {
    if (watch.healthy || !request.url.startsWith('/api/')) return;
    // At most one check a second however many requests arrive while the database is down.
    const status = await watch.recent();
    if (status.database !== 'ok')
      throw unavailable('The database is unavailable at the moment; try again shortly.', 2);
    if (status.migrations !== 'ok')
      throw unavailable('The database is being prepared (migrations pending); try again shortly.', 5);
  });
  app.addHook('onClose', async () => watch.stop());
}
