/**
 * The reports API: saved report definitions (shared like saved timelines) and their runs. Runs and
 * previews pass the analytics read guard (deadline, per-company queue, `min_seq`, `freshness`) and
 * the viewer's visibility: their visible events, their figure scope for per-user/per-team rows.
 */
import { Type } from 'typebox';
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import { CONTENT_TYPES } from '../exports/render.js';
import { sendReportFile } from '../exports/report-document.js';
import { parseIfMatch } from '../http/if-match.js';
import { resolveAnalyticsViewer } from '../visibility/analytics-access.js';
import { assertDefinition } from './check-definition.js';
import { presentOneReport, presentReports, reportEtag } from './presenter.js';
import { listVisibleReports } from './queries.js';
import { runReport } from './run-report.js';
import {
  DuplicateReportInput,
  ListReportsQuery,
  ListReportsResponse,
  PreviewInput,
  Report,
  type ReportDefinition,
  ReportIdParams,
  ReportInput,
  ReportPatch,
  RunReportQuery,
  RunResult,
} from './schema.js';
import {
  createReport,
  deleteReport,
  duplicateReport,
  loadReadableReport,
  patchReport,
} from './write-report.js';

/** format=json (default) answers JSON; csv, xlsx and pdf a file. */
const FILE_FORMATS = ['application/json', ...Object.values(CONTENT_TYPES)];

const tags = ['reports'];
const problem = { $ref: 'Problem#' };
const errors = { 400: problem, 403: problem, 404: problem };
const RUN_DESCRIPTION =
  'Over the non-deleted events in [from, to) you may see, matching the filters: each metric per row of the dimensions (time buckets in `tz`, every bucket present), and in total. Units are on the columns (minutes for durations and response times, fractions 0–1 for rates). Per-user and per-team rows are limited to the figures your role may see (rep/agent: your own; a rep breaking down by team gets 403). Period: from/to, else the report’s default period, else the last 30 days.';

export function registerReportRoutes(app: AppInstance) {
  app.get(
    '/reports',
    {
      schema: {
        tags,
        summary: 'Reports I own, that are shared with me, or public in my company',
        querystring: ListReportsQuery,
        response: { 200: ListReportsResponse, 400: problem, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'reports:use');
      const { relation, limit = 200 } = request.query;
      const rows = await listVisibleReports(request.scope, request.user.userId, { relation, limit });
      return { items: await presentReports(request.scope, request.user, rows) };
    },
  );

  app.post(
    '/reports',
    {
      schema: {
        tags,
        summary: 'Save a report definition',
        body: ReportInput,
        response: { 201: Report, ...errors },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'reports:use');
      const row = await createReport(request.scope, request.user, request.body);
      reply.header('etag', reportEtag(row)).header('location', `/api/v1/reports/${row.id}`);
      return reply.status(201).send(await presentOneReport(request.scope, request.user, row));
    },
  );

  app.post(
    '/reports/preview',
    {
      schema: {
        tags,
        summary: 'Run an unsaved report definition (the builder’s live preview)',
        description: RUN_DESCRIPTION,
        querystring: Type.Object({}, { additionalProperties: false }),
        body: PreviewInput,
        response: { 200: RunResult, ...errors },
      },
    },
    async (request) => {
      authorize(request.user, 'reports:use');
      const { definition, ...ask } = request.body;
      assertDefinition(definition, 'body.definition');
      const v = await resolveAnalyticsViewer(request.scope, request.user, definition.filters);
      return runReport(request.scope, v, definition, ask, { title: 'Preview', path: 'body' });
    },
  );

  app.get(
    '/reports/:id',
    {
      schema: {
        tags,
        summary: 'One report',
        params: ReportIdParams,
        response: { 200: Report, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'reports:use');
      const row = await loadReadableReport(request.scope, request.user, request.params.id);
      reply.header('etag', reportEtag(row));
      return await presentOneReport(request.scope, request.user, row);
    },
  );

  app.get(
    '/reports/:id/run',
    {
      schema: {
        tags,
        summary: 'Run a saved report for a period',
        description: `${RUN_DESCRIPTION} format=csv|xlsx|pdf answers the run as a file (src/exports/).`,
        produces: FILE_FORMATS,
        params: ReportIdParams,
        querystring: RunReportQuery,
        response: { 200: RunResult, ...errors },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'reports:use');
      const row = await loadReadableReport(request.scope, request.user, request.params.id);
      const { format = 'json', ...ask } = request.query;
      const definition = row.definition as ReportDefinition;
      const v = await resolveAnalyticsViewer(request.scope, request.user, definition.filters);
      const result = await runReport(request.scope, v, definition, ask, {
        title: row.report_name,
        path: 'query',
      });
      return format === 'json' ? result : sendReportFile(reply, result, format);
    },
  );

  app.patch(
    '/reports/:id',
    {
      schema: {
        tags,
        summary: 'Change a report (owner, admin, or a user shared with edit permission)',
        description: 'Send If-Match with the ETag you read to refuse lost updates (412).',
        params: ReportIdParams,
        body: ReportPatch,
        response: { 200: Report, ...errors, 412: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'reports:use');
      const expected = parseIfMatch(request.headers['if-match'], 'report');
      const row = await patchReport(request.scope, request.user, request.params.id, request.body, expected);
      reply.header('etag', reportEtag(row));
      return await presentOneReport(request.scope, request.user, row);
    },
  );

  app.delete(
    '/reports/:id',
    {
      schema: {
        tags,
        summary: 'Delete a report (owner or admin)',
        params: ReportIdParams,
        response: { 204: Type.Null(), 403: problem, 404: problem, 412: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'reports:use');
      const expected = parseIfMatch(request.headers['if-match'], 'report');
      await deleteReport(request.scope, request.user, request.params.id, expected);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/reports/:id/duplicate',
    {
      schema: {
        tags,
        summary: 'Copy a report I can read into a new private report of mine',
        params: ReportIdParams,
        body: DuplicateReportInput,
        response: { 201: Report, ...errors },
      },
      // The body is optional: a bodiless POST duplicates under the default name.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      authorize(request.user, 'reports:use');
      const source = await loadReadableReport(request.scope, request.user, request.params.id);
      const row = await duplicateReport(request.scope, request.user, source, request.body.report_name);
      reply.header('etag', reportEtag(row)).header('location', `/api/v1/reports/${row.id}`);
      return reply.status(201).send(await presentOneReport(request.scope, request.user, row));
    },
  );
}
