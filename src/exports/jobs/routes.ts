/**
 * Export jobs: POST /exports (202 with the job), GET /exports/:id (progress, then a download link
 * valid for EXPORT_LINK_TTL), GET /exports/:id/download. Only the requester (and admins) see a
 * job; anyone else gets the 404 of a missing one. A sweeper deletes expired files and fails jobs
 * abandoned by a stopped process.
 */
import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import { problem } from '../../analytics/schemas/common.js';
import type { AppInstance } from '../../app.js';
import type { AuthUser } from '../../auth/tokens.js';
import { DashboardQuery } from '../../dashboards/schema.js';
import { outsideRequest } from '../../db/statement-limits.js';
import { fieldErrors, gone, invalid, notFound, tooManyRequests } from '../../errors.js';
import { LIST_PARAMS } from '../../http/query-lists.js';
import { resolveAnalyticsViewer } from '../../visibility/analytics-access.js';
import { resolveEventsExport } from '../events-export.js';
import { CONTENT_TYPES, exportFileName } from '../render.js';
import { attachment } from '../routes.js';
import { ExportEventsQuery, ExportJob, ExportJobInput, ExportJobParams, FileResponse } from '../schema.js';
import { countActiveJobs, type ExportJobRow, getJob, insertJob } from './queries.js';
import { jobFile, runExportJob } from './run-job.js';
import { startSweeper } from './sweeper.js';

const tags = ['exports'];
/** Seconds a client refused for the per-company job limit is asked to wait (a typical job's length). */
const JOB_RETRY_AFTER_S = 30;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function presentJob(row: ExportJobRow) {
  // Judged on the database's clock when the row was read (getJob), like the sweeper's expiry.
  const expired = row.status === 'expired' || (row.status === 'done' && row.link_expired === true);
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    status: expired ? ('expired' as const) : row.status,
    rows_done: Number(row.rows_done),
    rows_total: row.rows_total === null ? null : Number(row.rows_total),
    error: row.error,
    created_at: new Date(row.created_at).toISOString(),
    finished_at: iso(row.finished_at),
    expires_at: iso(row.expires_at),
    download_url: row.status === 'done' && !expired ? `/api/v1/exports/${row.id}/download` : null,
  };
}

/** The job when the caller asked for it (or is an admin); otherwise the 404 of a missing job. */
async function ownJob(request: FastifyRequest, id: string): Promise<ExportJobRow> {
  const row = await getJob(request.scope, id);
  const user = request.user;
  if (
    !row ||
    (row.requested_by !== user.userId.toLowerCase() &&
      row.requested_by !== user.userId &&
      user.role !== 'admin')
  )
    throw notFound('Export job');
  return row;
}

/** Validates a job's params with the schema of the matching GET route (lists split as in a query string). */
function checkParams(request: FastifyRequest, schema: object, params: Record<string, unknown>, path: string) {
  const split: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params))
    split[k] =
      LIST_PARAMS.has(k) && typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v;
  const validate = request.compileValidationSchema(schema, 'querystring');
  if (!validate(split))
    throw invalid('The export parameters are invalid.', fieldErrors(path, (validate.errors ?? []) as never));
  return split;
}

export function registerExportJobRoutes(app: AppInstance) {
  const settings = { ...app.ctx.config.exports, dir: app.ctx.config.exports.dir };
  const running = new Set<AbortController>();
  startSweeper(app, settings.dir);
  app.addHook('onClose', async () => {
    for (const abort of running) abort.abort();
  });

  app.post(
    '/exports',
    {
      schema: {
        tags,
        summary: 'Start an export job (large timeline exports, dashboards)',
        description:
          'kind=events: params are the query of GET /events/export; kind=dashboard: { dashboard: executive|team|me, team_id?, query? }. The job reads with your visibility. Poll GET /exports/{id}. A company with EXPORT_JOBS_PER_COMPANY jobs queued or running gets 429 with Retry-After.',
        body: ExportJobInput,
        response: { 202: ExportJob, 400: problem, 403: problem, 404: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const body = request.body;
      // Checked before the insert, so two requests at the same instant may both pass: the limit
      // keeps one company from filling the export workers, it is not an exact quota.
      const active = await countActiveJobs(request.scope);
      if (active >= settings.jobsPerCompany)
        throw tooManyRequests(
          `Your company has ${active} export jobs queued or running (at most ${settings.jobsPerCompany} at once); try again when one has finished.`,
          JOB_RETRY_AFTER_S,
        );
      const user: AuthUser = { ...request.user };
      let params: Record<string, unknown>;
      if (body.kind === 'events') {
        params = checkParams(
          request,
          ExportEventsQuery,
          { ...(body.params ?? {}), format: body.format },
          'body.params',
        );
        await resolveEventsExport(request.scope, user, params as never); // 400/403/404 now, not in the job
      } else {
        await resolveAnalyticsViewer(request.scope, user); // 403 for tokens without analytics
        const query = checkParams(request, DashboardQuery, body.params.query ?? {}, 'body.params.query');
        if (body.params.dashboard === 'team' && !body.params.team_id)
          throw invalid('A team dashboard needs team_id.', [
            { path: 'body.params.team_id', message: 'is required for dashboard=team' },
          ]);
        params = { ...body.params, query };
      }
      const row = await insertJob(request.scope, {
        id: randomUUID(),
        kind: body.kind,
        format: body.format,
        params,
        requester: user,
      });
      const abort = new AbortController();
      running.add(abort);
      const scope = request.scope;
      outsideRequest(() =>
        setImmediate(() => {
          void runExportJob(scope, row, settings, abort.signal, (err) =>
            app.log.error({ err, job: row.id }, 'export job failed'),
          ).finally(() => running.delete(abort));
        }),
      );
      reply.header('location', `/api/v1/exports/${row.id}`);
      return reply.status(202).send(presentJob(row));
    },
  );

  app.get(
    '/exports/:id',
    {
      schema: {
        tags,
        summary: 'An export job: status, rows done / total, error, and the download link when done',
        description: 'Only the requester (and admins) see a job; others get 404.',
        params: ExportJobParams,
        response: { 200: ExportJob, 404: problem },
      },
    },
    async (request) => presentJob(await ownJob(request, request.params.id)),
  );

  app.get(
    '/exports/:id/download',
    {
      schema: {
        tags,
        summary: "Download a finished export job's file",
        description:
          '404 for an unknown job, one that is not yours or not done; 410 once the link expired (EXPORT_LINK_TTL) or when the finished file is no longer there (removed, or written by another instance without a shared EXPORT_DIR).',
        params: ExportJobParams,
        produces: Object.values(CONTENT_TYPES),
        response: { 200: FileResponse, 404: problem, 410: problem },
      },
    },
    async (request, reply) => {
      const row = await ownJob(request, request.params.id);
      const job = presentJob(row);
      if (job.status === 'expired') throw gone('This export has expired; start it again.');
      if (job.status !== 'done' || !row.file_name) throw notFound('Export file');
      const file = await openJobFile(settings.dir, row.company_id, row.file_name);
      attachment(
        reply,
        row.format,
        exportFileName(row.kind === 'events' ? 'events' : 'dashboard', row.format, new Date(row.created_at)),
      );
      return reply.send(file.createReadStream());
    },
  );
}

/**
 * Opens a finished job's file before any byte is sent, so a missing file is a 410 problem rather
 * than a stream error mid-response. Opening (not a stat first) leaves no window for the sweeper.
 */
async function openJobFile(dir: string, companyId: string, fileName: string) {
  try {
    return await open(jobFile(dir, companyId, fileName), 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw gone(
      'This export finished but its file is no longer there (it was removed, or written by another server instance); run the export again.',
    );
  }
}

/** Deletes a job's file (the sweeper's part for expired jobs). */
export const deleteJobFile = (dir: string, companyId: string, fileName: string) =>
  rm(`${dir}/${companyId}/${fileName}`, { force: true });
