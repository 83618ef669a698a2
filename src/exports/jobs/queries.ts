/** The export_jobs table (migration 0038): create, read, progress, finish, and the sweeper's reads. */

import type { Generated, Kysely, Selectable } from 'kysely';
import { auditContext, recordAudit } from '../../audit/record.js';
import type { AuthUser } from '../../auth/tokens.js';
import type { Scope } from '../../db/scope.js';
import type { Database } from '../../db/types.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'expired';

export interface ExportJobsTable {
  company_id: string;
  id: string;
  requested_by: string;
  requester: AuthUser;
  kind: 'events' | 'dashboard';
  format: 'csv' | 'xlsx' | 'pdf';
  params: Record<string, unknown>;
  status: Generated<JobStatus>;
  rows_done: Generated<string | number>;
  rows_total: string | number | null;
  error: string | null;
  file_name: string | null;
  heartbeat_at: Generated<Date>;
  created_at: Generated<Date>;
  finished_at: Date | null;
  expires_at: Date | null;
}

declare module '../../db/types.js' {
  interface Database {
    export_jobs: ExportJobsTable;
  }
}

export type ExportJobRow = Selectable<ExportJobsTable>;

export async function insertJob(
  scope: Scope,
  job: Pick<ExportJobRow, 'id' | 'kind' | 'format' | 'params' | 'requester'>,
): Promise<ExportJobRow> {
  return scope.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('export_jobs')
      .values({
        company_id: scope.companyId,
        id: job.id,
        requested_by: job.requester.userId,
        requester: JSON.stringify(job.requester) as never,
        kind: job.kind,
        format: job.format,
        params: JSON.stringify(job.params) as never,
        rows_total: null,
        error: null,
        file_name: null,
        finished_at: null,
        expires_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditContext(scope), {
      action: 'export.create',
      objectType: 'export',
      objectIds: [job.id],
      details: { kind: job.kind, format: job.format, params: job.params },
    });
    return row;
  });
}

export async function getJob(scope: Scope, id: string): Promise<ExportJobRow | undefined> {
  return scope.db
    .selectFrom('export_jobs')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Jobs of the company not finished yet (queued or running), in every instance: the store is shared. */
export async function countActiveJobs(scope: Scope): Promise<number> {
  const row = await scope.db
    .selectFrom('export_jobs')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('company_id', '=', scope.companyId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type Progress = Partial<
  Pick<
    ExportJobRow,
    'status' | 'rows_done' | 'rows_total' | 'error' | 'file_name' | 'finished_at' | 'expires_at'
  >
>;

/** Writes progress and refreshes the heartbeat that tells a live job from an abandoned one. */
export async function updateJob(scope: Scope, id: string, change: Progress): Promise<void> {
  await scope.db
    .updateTable('export_jobs')
    .set({ ...change, heartbeat_at: new Date() })
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .execute();
}

/**
 * Jobs left unfinished by a process that stopped (no heartbeat since `staleBefore`) become failed;
 * done jobs past their expiry become expired and are returned so their files can be deleted. Runs
 * across companies (a maintenance pass, like the change-log pruning).
 */
export async function sweepJobs(db: Kysely<Database>, now: Date, staleBefore: Date) {
  await db
    .updateTable('export_jobs')
    .set({
      status: 'failed',
      error: 'The server stopped while the export ran; start it again.',
      finished_at: now,
    })
    .where('status', 'in', ['queued', 'running'])
    .where('heartbeat_at', '<', staleBefore)
    .execute();
  return db
    .updateTable('export_jobs')
    .set({ status: 'expired' })
    .where('status', '=', 'done')
    .where('expires_at', '<=', now)
    .returning(['company_id', 'id', 'file_name'])
    .execute();
}
