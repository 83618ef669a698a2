/**
 * Bulk reads over one customer are audited: an analytics or dashboard request focused on a
 * single customer — the customer page, the customer journey — records one `customer.read` entry
 * per request, and every file taken out (exports, report runs, export downloads) one entry naming
 * its parameters; written before the response is sent (if the entry cannot be written, the read
 * fails rather than go unrecorded). Reads over many customers are aggregates and are not entries.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditContext, recordAudit } from './record.js';

// Timeline pages are not bulk reads: a rep scrolling a customer's history would write an entry per
// page, each taking the company's audit-head lock (measured: +2–4 ms per page, and every reader of a
// company queued on one row). Exports of that timeline are entries (FILE_READS).
const AUDITED = /^\/api\/v1\/(analytics|dashboards)\//;

/** The one customer a request reads, if it is about exactly one. */
function focusedCustomer(request: FastifyRequest): string | null {
  const params = request.params as Record<string, unknown> | undefined;
  if (typeof params?.customerId === 'string') return params.customerId.toLowerCase();
  const ids = (request.query as Record<string, unknown> | undefined)?.customer_id;
  const list = Array.isArray(ids) ? ids : typeof ids === 'string' ? [ids] : [];
  return list.length === 1 && typeof list[0] === 'string' ? list[0].toLowerCase() : null;
}

/**
 * Files taken out of the app (exports, report runs, downloads of export jobs): one entry each, with
 * the request's parameters (filters, columns, format), never the content.
 */
const FILE_READS: Array<{ route: string; action: string; objectType: string; fileOnly?: boolean }> = [
  { route: '/api/v1/events/export', action: 'events.export', objectType: 'events' },
  { route: '/api/v1/reports/:id/run', action: 'report.run', objectType: 'report' },
  { route: '/api/v1/exports/:id/download', action: 'export.download', objectType: 'export' },
  {
    route: '/api/v1/dashboards/executive',
    action: 'dashboard.export',
    objectType: 'dashboard',
    fileOnly: true,
  },
  {
    route: '/api/v1/dashboards/team/:teamId',
    action: 'dashboard.export',
    objectType: 'dashboard',
    fileOnly: true,
  },
  { route: '/api/v1/dashboards/me', action: 'dashboard.export', objectType: 'dashboard', fileOnly: true },
];

function fileRead(request: FastifyRequest, route: string) {
  const rule = FILE_READS.find((r) => r.route === route);
  const query = (request.query ?? {}) as Record<string, unknown>;
  const format = typeof query.format === 'string' ? query.format : 'json';
  if (!rule || (rule.fileOnly && format === 'json')) return null;
  const params = (request.params ?? {}) as Record<string, unknown>;
  const ids = [params.id, params.teamId].filter((v): v is string => typeof v === 'string');
  return { action: rule.action, objectType: rule.objectType, objectIds: ids, details: { route, query } };
}

export function registerBulkReadAudit(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || !request.scope) return payload;
    const route = request.routeOptions.url ?? '';
    const file = fileRead(request, route);
    if (file) {
      await request.scope.db
        .transaction()
        .execute((trx) => recordAudit(trx, auditContext(request.scope), file));
      return payload;
    }
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
