/** GET /audit (list, CSV), /audit/verify and /audit/completeness: compliance officers and admins only. */
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import { auditCompleteness } from './completeness.js';
import { auditCsv } from './csv.js';
import { listAudit } from './list-audit.js';
import {
  CompletenessResponse,
  ListAuditQuery,
  ListAuditResponse,
  RangeQuery,
  VerifyResponse,
} from './schema.js';
import { verifyChain } from './verify-chain.js';

const tags = ['audit'];
const problem = { $ref: 'Problem#' };
const CSV_MAX = 100_000; // rows per export: the CSV is built in memory

export function registerAuditRoutes(app: AppInstance) {
  app.get(
    '/audit',
    {
      schema: {
        tags,
        summary: 'The audit trail, newest first (keyset pages; format=csv exports every match)',
        querystring: ListAuditQuery,
        response: { 200: ListAuditResponse, 403: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'audit:read');
      const query = request.query;
      if (query.format === 'csv') {
        const entries = await listAudit(request.scope, query, CSV_MAX);
        reply.header('content-disposition', 'attachment; filename="audit.csv"');
        return reply.type('text/csv; charset=utf-8').send(auditCsv(entries));
      }
      const limit = query.limit ?? 100;
      const entries = await listAudit(request.scope, query, limit + 1);
      const page = entries.slice(0, limit);
      const next = entries.length > limit ? (page[page.length - 1]?.id ?? null) : null;
      return { entries: page, next_before_id: next };
    },
  );
  app.get(
    '/audit/verify',
    {
      schema: {
        tags,
        summary: 'Recompute the hash chain and report the first broken link',
        querystring: RangeQuery,
        response: { 200: VerifyResponse, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'audit:read');
      return verifyChain(request.scope, request.query);
    },
  );
  app.get(
    '/audit/completeness',
    {
      schema: {
        tags,
        summary: "Events ingested vs events covered by audit entries, per day in the company's zone",
        querystring: RangeQuery,
        response: { 200: CompletenessResponse, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'audit:read');
      return auditCompleteness(request.scope, request.query);
    },
  );
}
