/**
 * Seam for `report` targets: the report builder (built in parallel) runs a saved report for a
 * viewer. The lead connects it after merging with registerReportRunner(runReportForSchedule);
 * until then a `report` target is accepted by the schema but refused with a 400.
 */
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { badRequest } from '../errors.js';
import type { Content } from './content.js';

export interface ReportWindow {
  /** The slot the delivery is for; a report's relative period ends here. */
  at: Date;
  /** The schedule's IANA zone. */
  zone: string;
}

/**
 * Runs saved report `reportId` as `viewer` sees it (apply their visibility), returning Content:
 * data (the report's JSON), figures (for only_when), empty (for skip_if_empty), html/text (email
 * body) and rows (CSV). Throw an AppError (e.g. notFound('Report')) when it cannot be run.
 */
export type ReportRunner = (
  scope: Scope,
  viewer: AuthUser,
  reportId: string,
  window: ReportWindow,
) => Promise<Content>;

let runner: ReportRunner | null = null;

export function registerReportRunner(run: ReportRunner | null): void {
  runner = run;
}

export const REPORTS_PENDING =
  'Report schedules arrive with the report builder; schedule a dashboard or a digest for now.';

export function assertReportsAvailable(): void {
  if (!runner) throw badRequest(REPORTS_PENDING);
}

export async function runReport(
  scope: Scope,
  viewer: AuthUser,
  reportId: string,
  w: ReportWindow,
): Promise<Content> {
  if (!runner) throw badRequest(REPORTS_PENDING);
  return await runner(scope, viewer, reportId, w);
}
