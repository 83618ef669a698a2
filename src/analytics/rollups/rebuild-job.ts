/**
 * Rollup rebuilds as background jobs. The rebuild stays one transaction (it holds the company's
 * write lock), so nothing it writes inside is visible before commit, and on PGlite any query
 * outside it waits for it. Hence: the job row is written before the transaction (queued, then
 * running) and after it (succeeded or failed); the live step progress is kept in this process's
 * memory (`live`, keyed by job id), and GET answers from there while this process runs the job —
 * without a query, which on PGlite would wait for the rebuild — and from the row otherwise.
 *
 * A process that dies leaves its job queued or running. Each process has an instance id (the
 * row's owner) and refreshes its running job's heartbeat_at every HEARTBEAT_MS; a start fails
 * the company's jobs whose heartbeat is older than STALE_AFTER_MS as abandoned, so a crash blocks
 * rebuilds for at most that long. On PGlite the heartbeat waits behind the rebuild transaction,
 * but PGlite is one process per data directory, which answers from `live` before looking at rows.
 * Taking a live job for dead only costs a duplicate rebuild: it waits for the company's write
 * lock, so the two never interleave.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { getCompanySettings } from '../../company/queries.js';
import type { Scope } from '../../db/scope.js';
import { type AppError, conflict, notFound } from '../../errors.js';
import type { RebuildJob } from '../schemas/rebuild-job.js';
import { REBUILD_STEPS, type RebuildResult, rebuildRollups } from './rebuild.js';
import {
  abandonStaleRebuildJobs,
  findActiveRebuildJob,
  finishRebuildJob,
  getRebuildJobRow,
  insertRebuildJob,
  markRebuildJobRunning,
  type RebuildJobRow,
  type RebuildJobStep,
  type RebuildOutcome,
  touchRebuildJob,
  WAITING_STEP,
} from './rebuild-job-queries.js';

const INSTANCE_ID = randomUUID();
const HEARTBEAT_MS = 20_000;
const STALE_AFTER_MS = 120_000; // six missed heartbeats

interface LiveJob {
  row: RebuildJobRow;
  step: RebuildJobStep;
  stepsDone: number;
  done: Promise<void>;
}
const live = new Map<string, LiveJob>();

export interface RebuildJobOptions {
  /** The zone to rebuild the day rows in; default the company's zone now. */
  tz?: string;
  /** The rebuild to run; default rebuildRollups (tests hold one at a step). */
  rebuild?: typeof rebuildRollups;
  log?: Pick<FastifyBaseLogger, 'error'>;
}

/** The API path of a job. */
export const rebuildJobPath = (id: string) => `/api/v1/analytics/rollups/rebuild/${id}`;

/**
 * Queues a rebuild of the company's rollups and starts it in this process; returns the job as
 * queued. A conflict when the company has a queued or running one (named in the message).
 */
export async function startRebuildJob(scope: Scope, options: RebuildJobOptions = {}): Promise<RebuildJob> {
  const running = [...live.values()].find((j) => j.row.company_id === scope.companyId);
  if (running) throw alreadyActive(running.row);
  await abandonStaleRebuildJobs(scope, STALE_AFTER_MS);
  const tz = options.tz ?? (await getCompanySettings(scope)).timezone;
  const row = await insertRebuildJob(scope, { id: randomUUID(), tz, owner: INSTANCE_ID });
  if (!row) throw alreadyActive(await findActiveRebuildJob(scope));
  const job: LiveJob = { row, step: WAITING_STEP, stepsDone: 0, done: Promise.resolve() };
  live.set(row.id, job);
  job.done = runJob(scope, job, options);
  return presentRebuildJob(row);
}

/** The company's job: live from this process when it runs it, else as stored. 404 otherwise. */
export async function getRebuildJob(scope: Scope, id: string): Promise<RebuildJob> {
  const job = live.get(id);
  if (job && job.row.company_id === scope.companyId) return presentRebuildJob(job.row, job);
  const row = await getRebuildJobRow(scope, id);
  if (!row) throw notFound('Rebuild job');
  return presentRebuildJob(row);
}

/** Resolves when the jobs this process runs have ended (at shutdown, before the database closes). */
export async function settleRebuildJobs(): Promise<void> {
  await Promise.all([...live.values()].map((j) => j.done));
}

/** The only place a job becomes JSON; `progress` overlays the row's with live progress. */
export function presentRebuildJob(
  row: RebuildJobRow,
  progress: { step: RebuildJobStep; stepsDone: number } = { step: row.step, stepsDone: row.steps_done },
): RebuildJob {
  const total = REBUILD_STEPS.length;
  return {
    id: row.id,
    status: row.status,
    tz: row.tz,
    progress: {
      step: progress.step,
      steps_done: progress.stepsDone,
      steps_total: total,
      percent: Math.floor((100 * progress.stepsDone) / total),
    },
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
    result: row.result,
    error: row.error,
  };
}

function alreadyActive(row: RebuildJobRow | undefined): AppError {
  return conflict(
    row
      ? `A rollup rebuild of this company is already ${row.status}: job ${row.id} (${rebuildJobPath(row.id)}).`
      : 'A rollup rebuild of this company was just started; try again when it has ended.',
  );
}

/** Runs the job to its end and records the outcome; never rejects. */
async function runJob(scope: Scope, job: LiveJob, options: RebuildJobOptions): Promise<void> {
  const { id } = job.row;
  const rebuild = options.rebuild ?? rebuildRollups;
  const stopHeartbeat = keepAlive(scope, id);
  let outcome: RebuildOutcome;
  try {
    job.row = (await markRebuildJobRunning(scope, id)) ?? job.row;
    const r = await rebuild(scope.db, scope.companyId, job.row.tz, (p) => {
      job.step = p.step;
      job.stepsDone = p.stepsDone;
    });
    outcome = { status: 'succeeded', step: job.step, stepsDone: job.stepsDone, result: countsOf(r) };
  } catch (error) {
    options.log?.error({ err: error, jobId: id }, 'rollup rebuild failed');
    const message = error instanceof Error ? error.message : String(error); // no stack: the API shows it
    const detail = `Failed at step "${job.step}": ${message}`;
    outcome = { status: 'failed', step: job.step, stepsDone: job.stepsDone, error: detail };
  }
  try {
    await finishRebuildJob(scope, id, outcome);
  } catch (error) {
    // The row stays running without heartbeats: the next start after STALE_AFTER_MS abandons it.
    options.log?.error({ err: error, jobId: id }, 'could not record the end of a rollup rebuild');
  } finally {
    await stopHeartbeat();
    live.delete(id);
  }
}

/** Refreshes the job's heartbeat every HEARTBEAT_MS (one write at a time); stop() waits for the last. */
function keepAlive(scope: Scope, id: string): () => Promise<void> {
  let pending: Promise<void> | undefined;
  const timer = setInterval(() => {
    pending ??= touchRebuildJob(scope, id, INSTANCE_ID)
      .catch(() => {}) // a missed beat; the next one or the bound covers it
      .finally(() => {
        pending = undefined;
      });
  }, HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await pending;
  };
}

function countsOf(r: RebuildResult) {
  return {
    daily_rows: r.dailyRows,
    user_daily_rows: r.userDailyRows,
    hourly_rows: r.hourlyRows,
    user_hourly_rows: r.userHourlyRows,
    response_pairs: r.responsePairs,
  };
}
