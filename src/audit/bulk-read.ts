/**
 * Bulk reads over one customer are audited: an analytics request (or a timeline page) focused on a
 * single customer — the customer page, the customer journey — records one `customer.read` entry
 * per request, written before the response is sent (if the entry cannot be written, the read
 * fails rather than go unrecorded). Reads over many customers are aggregates and are not entries.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditContext, recordAudit } from './record.js';

const AUDITED = /^\/api\/v1\/(analytics|dashboards)\/|^\/api\/v1\/events$/;

/** The one customer a request reads, if it is about exactly one. */
function focusedCustomer(request: FastifyRequest): string | null {
  const params = request.params as Record<string, unknown> | undefined;
  if (typeof params?.customerId === 'string') return params.customerId.toLowerCase();
  const ids = (request.query as Record<string, unknown> | undefined)?.customer_id;
  const list = Array.isArray(ids) ? ids : typeof ids === 'string' ? [ids] : [];
  return list.length === 1 && typeof list[0] === 'string' ? list[0].toLowerCase() : null;
}

export function registerBulkReadAudit(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || !request.scope) return payload;
    const route = request.routeOptions.url ?? '';
    if (!AUDITED.test(route)) return payload;
    const customer = focusedCustomer(request);
    if (!customer) return payload;
    const { customer_id: _c, ...filters } = (request.query ?? {}) as Record<string, unknown>;
    await request.scope.db.transaction().execute((trx) =>
      recordAudit(trx, auditContext(request.scope), {
        action: 'customer.read',
        objectType: 'customer',
        objectIds: [customer],
        details: { route, filters },
      }),
    );
    return payload;
  });
}
