/**
 * Export jobs judge and stamp instants on the database's clock: finished_at and expires_at, the
 * heartbeat, the sweeper's stale cut-off and expiry, and the link's expiry on read. Each step runs
 * with this process's clock skewed; on PostgreSQL (a clock of its own) the old code, which used the
 * process clock, failed each of these checks.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../../test/app.js';
import { expectDuring, runSkewed } from '../../test/clock.js';
import { eventInput } from '../../test/factories.js';
import { ingest } from '../testing.js';
import { STALE_AFTER_MS, sweepOnce } from './sweeper.js';
import { settleJob, startJob } from './testing.js';

const DIR = mkdtempSync(join(tmpdir(), 'export-clock-'));
const TTL_S = 3600;
const MINUTE = 60_000;
/** The requester: only they (and admins) see the job. */
const REP = randomUUID();

describeApp(
  'export jobs on the database clock',
  (t) => {
    it('stamps, sweeps and expires by the database’s now(), whatever this process’s clock says', async () => {
      const co = newCompany();
      await ingest(t.app, co, [eventInput()]);
      const db = t.db.kysely;
      const job = (id: string) =>
        db
          .selectFrom('export_jobs')
          .selectAll()
          .where('company_id', '=', co.id)
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
      const status = async (id: string) =>
        (
          await t.app.inject({ url: `/api/v1/exports/${id}`, headers: await co.auth('rep', { userId: REP }) })
        ).json().status;
      const setJob = (id: string, values: Record<string, unknown>) =>
        db
          .updateTable('export_jobs')
          .set(values)
          .where('company_id', '=', co.id)
          .where('id', '=', id)
          .execute();

      // 30 minutes fast: finished_at and expires_at are the database's, one TTL apart.
      const run = await runSkewed(db, 30 * MINUTE, async () => {
        const rep = await co.auth('rep', { userId: REP });
        const started = await startJob(t.app, rep, { kind: 'events', format: 'csv', params: {} });
        return settleJob(t.app, rep, started.id);
      });
      expect(run.value.status).toBe('done');
      const id = run.value.id;
      const row = await job(id);
      expectDuring(row.finished_at as Date, run);
      expect(new Date(row.heartbeat_at).getTime()).toBeLessThanOrEqual(run.after.getTime());
      expect(new Date(row.expires_at as Date).getTime() - new Date(row.finished_at as Date).getTime()).toBe(
        TTL_S * 1000,
      );

      // Each step writes its instants with now() under the skew: on PGlite that clock is skewed too.
      // Fast by more than the stale limit: a job whose heartbeat is fresh by the database stays running.
      await runSkewed(db, STALE_AFTER_MS + MINUTE, async () => {
        await setJob(id, { status: 'running', heartbeat_at: sql`now()` });
        await sweepOnce(t.app as never, DIR);
      });
      expect((await job(id)).status).toBe('running');

      // Two hours fast: a link valid for another hour by the database is still done, and kept.
      const file = join(DIR, co.id, `${id}.csv`);
      await runSkewed(db, 2 * 60 * MINUTE, async () => {
        await setJob(id, { status: 'done', expires_at: sql`now() + interval '1 hour'` });
        expect(await status(id)).toBe('done');
        await sweepOnce(t.app as never, DIR);
      });
      expect([(await job(id)).status, existsSync(file)]).toEqual(['done', true]);

      // Two hours slow: a link expired a second ago by the database is expired, and swept.
      await runSkewed(db, -2 * 60 * MINUTE, async () => {
        await setJob(id, { expires_at: sql`now() - interval '1 second'` });
        expect(await status(id)).toBe('expired');
        await sweepOnce(t.app as never, DIR);
      });
      expect([(await job(id)).status, existsSync(file)]).toEqual(['expired', false]);
    });
  },
  { EXPORT_DIR: DIR, EXPORT_LINK_TTL: String(TTL_S) },
);
