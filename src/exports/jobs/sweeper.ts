/**
 * The export sweeper, every minute per process: jobs whose heartbeat stopped (their process was
 * restarted or died) become failed, and done jobs past their expiry become expired with their file
 * deleted. It also runs once at start, so a restart settles what the previous process left.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppInstance } from '../../app.js';
import { sweepJobs } from './queries.js';

/** A running job writes progress at least this often; silence beyond it means its process is gone. */
export const STALE_AFTER_MS = 120_000;
const EVERY_MS = 60_000;

export async function sweepOnce(app: AppInstance, dir: string) {
  const expired = await sweepJobs(app.ctx.db.kysely, STALE_AFTER_MS);
  for (const job of expired) {
    if (job.file_name) await rm(join(dir, job.company_id, job.file_name), { force: true });
  }
  return expired.length;
}

export function startSweeper(app: AppInstance, dir: string) {
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    sweepOnce(app, dir).catch((err: unknown) => app.log.warn({ err }, 'export sweep failed'));
  };
  app.addHook('onReady', async () => {
    run();
    timer = setInterval(run, EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
