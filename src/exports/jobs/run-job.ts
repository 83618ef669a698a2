/**
 * Runs one export job in the background: re-resolves the requester's visibility, counts the rows,
 * renders the file into EXPORT_DIR with progress written every page, then marks it done with an
 * expiry. Outside the request's statement limits (the job outlives the 202).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { composeExecutive, composeMe, composeTeam } from '../../dashboards/compose.js';
import type { DashboardQuery } from '../../dashboards/schema.js';
import type { Scope } from '../../db/scope.js';
import { selectEventsFor } from '../../events/queries/events-source.js';
import { whereInView } from '../../events/queries/view-events.js';
import { resolveAnalyticsViewer } from '../../visibility/analytics-access.js';
import { dashboardDocument } from '../dashboard-document.js';
import { type EventsExport, eventsTableSpec, resolveEventsExport } from '../events-export.js';
import { renderDocument, renderTable } from '../render.js';
import type { ExportEventsQuery } from '../schema.js';
import { type ExportJobRow, updateJob } from './queries.js';

export interface JobSettings {
  dir: string;
  linkTtlSeconds: number;
  pageRows: number;
}

/** Rows of an events export (the same filters and visibility the pages read). */
async function countRows(scope: Scope, e: EventsExport): Promise<number> {
  const q = whereInView(selectEventsFor(scope.db, e.view.filters), scope.companyId, e.view).select((eb) =>
    eb.fn.countAll<string>().as('n'),
  );
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Where a job's file lives: one folder per company. */
export const jobFile = (dir: string, companyId: string, fileName: string) => join(dir, companyId, fileName);

async function renderEvents(
  scope: Scope,
  job: ExportJobRow,
  file: string,
  s: JobSettings,
  signal: AbortSignal,
) {
  const params = { ...job.params, format: job.format } as ExportEventsQuery;
  const e = await resolveEventsExport(scope, job.requester, params);
  await updateJob(scope, job.id, { status: 'running', rows_total: await countRows(scope, e) });
  let written = 0;
  let reported = Date.now();
  const onRow = (n: number) => {
    written = n;
    // Progress at most twice a second, not per row: the table is read by pollers only.
    if (Date.now() - reported > 500) {
      reported = Date.now();
      updateJob(scope, job.id, { rows_done: n }).catch(() => {});
    }
  };
  const spec = eventsTableSpec(scope, e, { pageRows: s.pageRows, signal, onRow });
  await pipeline(renderTable(e.format, spec, { bom: e.bom }), createWriteStream(file), { signal });
  return written;
}

async function renderDashboard(scope: Scope, job: ExportJobRow, file: string, signal: AbortSignal) {
  const p = job.params as {
    dashboard: 'executive' | 'team' | 'me';
    team_id?: string;
    query?: DashboardQuery;
  };
  const user = job.requester;
  const v = await resolveAnalyticsViewer(scope, user);
  const query = p.query ?? {};
  await updateJob(scope, job.id, { status: 'running', rows_total: null });
  const bundle =
    p.dashboard === 'executive'
      ? await composeExecutive(scope, v, query)
      : p.dashboard === 'team'
        ? await composeTeam(scope, v, p.team_id ?? '', query)
        : await composeMe(scope, user, v, query);
  const format = job.format === 'xlsx' ? 'xlsx' : 'pdf';
  await pipeline(renderDocument(format, dashboardDocument(bundle)), createWriteStream(file), { signal });
  return 0;
}

/** Runs the job to done or failed; never throws (the failure is the job's state). */
export async function runExportJob(
  scope: Scope,
  job: ExportJobRow,
  s: JobSettings,
  signal: AbortSignal,
  log: (error: unknown) => void = () => {},
) {
  const fileName = `${job.id}.${job.format}`;
  const file = jobFile(s.dir, scope.companyId, fileName);
  try {
    await mkdir(join(s.dir, scope.companyId), { recursive: true });
    const rows =
      job.kind === 'events'
        ? await renderEvents(scope, job, file, s, signal)
        : await renderDashboard(scope, job, file, signal);
    if (signal.aborted) throw new Error('The server stopped while the export ran; start it again.');
    await updateJob(
      scope,
      job.id,
      { status: 'done', rows_done: rows, file_name: fileName },
      { linkTtlMs: s.linkTtlSeconds * 1000 },
    );
  } catch (error) {
    await rm(file, { force: true }).catch(() => {});
    // Client errors (AppError: a team one may not see, ...) are the job's answer; others are logged.
    if (!(error instanceof Error && 'status' in error)) log(error);
    const message =
      error instanceof Error && 'status' in error
        ? error.message
        : signal.aborted
          ? 'The server stopped while the export ran; start it again.'
          : 'The export failed.';
    await updateJob(scope, job.id, { status: 'failed', error: message }, { linkTtlMs: null }).catch(() => {});
  }
}
