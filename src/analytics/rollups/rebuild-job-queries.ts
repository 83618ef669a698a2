/** The rows of rollup rebuild jobs (migration 0034), always within the scope's company. */
import { type ColumnType, type Generated, type Selectable, sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { RebuildStep } from './rebuild.js';

export type RebuildJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** The step a job shows before its rebuild has begun (the column's default). */
export const WAITING_STEP = 'waiting to start';
export type RebuildJobStep = typeof WAITING_STEP | RebuildStep;

/** Row counts of the rebuilt tables, as the API shows them. */
export interface RebuildCounts {
  daily_rows: number;
  user_daily_rows: number;
  hourly_rows: number;
  user_hourly_rows: number;
  response_pairs: number;
}

type NullableTime = ColumnType<Date | null, never, Date | string>;

export interface RebuildJobsTable {
  company_id: string;
  id: string;
  status: ColumnType<RebuildJobStatus, RebuildJobStatus | undefined, RebuildJobStatus>;
  /** IANA zone the day rows are rebuilt in. */
  tz: string;
  /** The last step written: 'waiting to start' until the job ends. */
  step: Generated<RebuildJobStep>;
  steps_done: Generated<number>;
  /** Instance id of the process running the job. */
  owner: string;
  heartbeat_at: Generated<Date>;
  result: ColumnType<RebuildCounts | null, never, string | null>;
  error: ColumnType<string | null, never, string | null>;
  created_at: Generated<Date>;
  started_at: NullableTime;
  finished_at: NullableTime;
}

export type RebuildJobRow = Selectable<RebuildJobsTable>;

declare module '../../db/types.js' {
  interface Database {
    analytics_rollup_rebuild_jobs: RebuildJobsTable;
  }
}

const ACTIVE: RebuildJobStatus[] = ['queued', 'running'];

/** Stores a queued job; undefined when the company already has a queued or running one. */
export async function insertRebuildJob(
  scope: Scope,
  job: { id: string; tz: string; owner: string },
): Promise<RebuildJobRow | undefined> {
  return scope.db
    .insertInto('analytics_rollup_rebuild_jobs')
    .values({ company_id: scope.companyId, ...job })
    .onConflict((oc) => oc.column('company_id').where('status', 'in', ACTIVE).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function getRebuildJobRow(scope: Scope, id: string): Promise<RebuildJobRow | undefined> {
  return scope.db
    .selectFrom('analytics_rollup_rebuild_jobs')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The company's queued or running job, if any. */
export async function findActiveRebuildJob(scope: Scope): Promise<RebuildJobRow | undefined> {
  return scope.db
    .selectFrom('analytics_rollup_rebuild_jobs')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('status', 'in', ACTIVE)
    .executeTakeFirst();
}

/**
 * Fails the company's queued or running jobs whose heartbeat is older than `staleAfterMs`: their
 * process died. Returns their ids.
 */
export async function abandonStaleRebuildJobs(scope: Scope, staleAfterMs: number): Promise<string[]> {
  const rows = await scope.db
    .updateTable('analytics_rollup_rebuild_jobs')
    .set({
      status: 'failed',
      error: 'Abandoned: the process running this rebuild stopped before it finished.',
      finished_at: sql<Date>`now()`,
    })
    .where('company_id', '=', scope.companyId)
    .where('status', 'in', ACTIVE)
    .where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${staleAfterMs / 1000})`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** queued → running; the row as it is now. */
export async function markRebuildJobRunning(scope: Scope, id: string): Promise<RebuildJobRow | undefined> {
  return scope.db
    .updateTable('analytics_rollup_rebuild_jobs')
    .set({ status: 'running', started_at: sql<Date>`now()`, heartbeat_at: sql<Date>`now()` })
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
}

/** The owner is alive: refreshes the heartbeat of its running job. */
export async function touchRebuildJob(scope: Scope, id: string, owner: string): Promise<void> {
  await scope.db
    .updateTable('analytics_rollup_rebuild_jobs')
    .set({ heartbeat_at: sql<Date>`now()` })
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .where('owner', '=', owner)
    .where('status', '=', 'running')
    .execute();
}

export type RebuildOutcome = { step: RebuildJobStep; stepsDone: number } & (
  | { status: 'succeeded'; result: RebuildCounts }
  | { status: 'failed'; error: string }
);

/**
 * Writes how the job ended. Unconditional on the status: if another instance wrongly took it for
 * abandoned (a heartbeat stalled past the bound), the owner's outcome is still the truth.
 */
export async function finishRebuildJob(scope: Scope, id: string, outcome: RebuildOutcome): Promise<void> {
  await scope.db
    .updateTable('analytics_rollup_rebuild_jobs')
    .set({
      status: outcome.status,
      step: outcome.step,
      steps_done: outcome.stepsDone,
      result: outcome.status === 'succeeded' ? JSON.stringify(outcome.result) : null,
      error: outcome.status === 'failed' ? outcome.error : null,
      finished_at: sql<Date>`now()`,
    })
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .execute();
}
