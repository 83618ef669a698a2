/** The export_jobs table (migration 0038): create, read, progress, finish, and the sweeper's reads. */

import { type Generated, type Kysely, type Selectable, sql } from 'kysely';
import { auditContext, recordAudit } from '../../audit/record.js';
import type { AuthUser } from '../../auth/tokens.js';
import { sqlNow, sqlNowPlus } from '../../db/clock.js';
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

/** A job row; `link_expired` is set when it was read with the expiry judged on the database's clock. */
export type ExportJobRow = Selectable<ExportJobsTable> & { link_expired?: boolean };

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

/** A job, with whether its download link has expired by the database's clock (`link_expired`). */
export async function getJob(scope: Scope, id: string): Promise<ExportJobRow | undefined> {
  return scope.db
    .selectFrom('export_jobs')
    .selectAll()
    .select(sql<boolean>`coalesce(expires_at <= now(), false)`.as('link_expired'))
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

type Progress = Partial<Pick<ExportJobRow, 'status' | 'rows_done' | 'rows_total' | 'error' | 'file_name'>>;

/**
 * Writes progress and refreshes the heartbeat that tells a live job from an abandoned one. With
 * `finished`, also stamps finished_at and (for a file to download) expires_at, `linkTtlMs` later.
 * Every instant is the database's now(), like the sweeper's comparisons with them.
 */
export async function updateJob(
  scope: Scope,
  id: string,
  change: Progress,
  finished?: { linkTtlMs: number | null },
): Promise<void> {
  const stamps = finished && {
    finished_at: sqlNow(),
    expires_at: finished.linkTtlMs === null ? null : sqlNowPlus(finished.linkTtlMs),
  };
  await scope.db
    .updateTable('export_jobs')
    .set({ ...change, ...stamps, heartbeat_at: sqlNow() })
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .execute();
}

/**
 * Jobs left unfinished by a process that stopped (no heartbeat for `staleAfterMs`) become failed;
 * done jobs past their expiry become expired and are returned so their files can be deleted. Runs
 * across companies (a maintenance pass, like the change-log pruning), on the database's clock.
 */
export async function sweepJobs(db: Kysely<Database>, staleAfterMs: number) {
  await db
    .updateTable('export_jobs')
    .set({
      status: 'failed',
      error: 'The server stopped while the export ran; start it again.',
      finished_at: sqlNow(),
    })
    .where('status', 'in', ['queued', 'running'])
    .where('heartbeat_at', '<', sqlNowPlus(-staleAfterMs))
    .execute();
  return db
    .updateTable('export_jobs')
    .set({ status: 'expired' })
    .where('status', '=', 'done')
    .where('expires_at', '<=', sqlNow())
    .returning(['company_id', 'id', 'file_name'])
    .execute();
}
