/**
 * The rollup rebuild as a job: POST answers 202 at once, GET follows it (any company's job but
 * one's own is not found), one job per company at a time, progress step by step, failures
 * recorded without blocking the company, and jobs of dead processes abandoned.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Role } from '../../auth/roles.js';
import { saveCompanySettings } from '../../company/queries.js';
import type { Db } from '../../db/connect.js';
import { insertEvents } from '../../events/queries/write-events.js';
import { describeApp, newCompany, type TestCompany } from '../../test/app.js';
import { newEventRow } from '../../test/factories.js';
import { waitForRebuildJob } from '../test-support/rebuild-jobs.js';
import { type RebuildProgress, rebuildRollups } from './rebuild.js';
import { startRebuildJob } from './rebuild-job.js';
import { insertRebuildJob } from './rebuild-job-queries.js';

const URL = '/api/v1/analytics/rollups/rebuild';
const TABLES = [
  'analytics_daily',
  'analytics_user_daily',
  'analytics_hourly',
  'analytics_user_hourly',
  'analytics_response_pairs',
] as const;

/** Every rollup row of the company, per table, as sorted JSON text. */
async function readRollups(db: Db, companyId: string) {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ r: string }>`select row_to_json(t)::text as r from ${sql.table(table)} t
      where company_id = ${companyId}::uuid order by 1`.execute(db.kysely);
    out[table] = rows.map((row) => row.r);
  }
  return out;
}

describeApp('rollup rebuild jobs', (t) => {
  /** 30 events, alternately inbound and outbound, 97 minutes apart from 1 March 2025 (two days). */
  const seed = async (co: TestCompany) => {
    const scope = co.scope(t.db);
    const customers = [randomUUID(), randomUUID()];
    const users = [randomUUID(), randomUUID()];
    const rows = Array.from({ length: 30 }, (_, i) =>
      newEventRow({
        customer_id: customers[i % 2] as string,
        user_id: users[Math.floor(i / 2) % 2] as string,
        direction: Math.floor(i / 2) % 2 ? 'inbound' : 'outbound',
        event_timestamp: new Date(Date.UTC(2025, 2, 1) + i * 97 * 60_000),
        duration_minutes: i,
      }),
    );
    await insertEvents(scope, rows);
    return scope;
  };
  const post = async (co: TestCompany, role: Role = 'admin') =>
    t.app.inject({ method: 'POST', url: URL, headers: await co.auth(role) });
  const get = async (co: TestCompany, id: string, role: Role = 'admin') =>
    t.app.inject({ url: `${URL}/${id}`, headers: await co.auth(role) });

  it('POST answers 202 with the queued job and its Location; the job rebuilds in the company zone, exactly', async () => {
    const co = newCompany();
    const scope = await seed(co);
    const before = await readRollups(t.db, co.id); // day rows in UTC, the zone at the first event
    await saveCompanySettings(scope, { timezone: 'Asia/Kolkata' });
    const res = await post(co);
    expect(res.statusCode).toBe(202);
    const job = res.json();
    expect(res.headers.location).toBe(`${URL}/${job.id}`);
    expect(job).toMatchObject({
      status: 'queued',
      tz: 'Asia/Kolkata',
      progress: { step: 'waiting to start', steps_done: 0, steps_total: 8, percent: 0 },
      started_at: null,
      finished_at: null,
      result: null,
      error: null,
    });
    const done = await waitForRebuildJob(t.app, String(res.headers.location), await co.auth('admin'));
    expect(done).toMatchObject({
      id: job.id,
      status: 'succeeded',
      tz: 'Asia/Kolkata',
      progress: { step: 'statistics', steps_done: 8, steps_total: 8, percent: 100 },
      created_at: job.created_at,
      error: null,
    });
    const times = [done.created_at, done.started_at, done.finished_at].map((s) => Date.parse(String(s)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const after = await readRollups(t.db, co.id);
    expect(after.analytics_daily).not.toEqual(before.analytics_daily); // Kolkata days, not UTC ones
    expect(after.analytics_hourly).toEqual(before.analytics_hourly);
    expect(done.result).toEqual({
      daily_rows: after.analytics_daily?.length,
      user_daily_rows: after.analytics_user_daily?.length,
      hourly_rows: after.analytics_hourly?.length,
      user_hourly_rows: after.analytics_user_hourly?.length,
      response_pairs: after.analytics_response_pairs?.length,
    });
    expect(done.result?.response_pairs).toBe(14); // one per inbound event
    const state = await t.db.kysely
      .selectFrom('analytics_rollup_state')
      .select('tz')
      .where('company_id', '=', co.id)
      .executeTakeFirstOrThrow();
    expect(state.tz).toBe('Asia/Kolkata');
    await rebuildRollups(t.db.kysely, co.id); // a fresh rebuild from scratch gives the same rows
    expect(await readRollups(t.db, co.id)).toEqual(after);
  });

  it('reports each step in order, then steps_done = steps_total', async () => {
    const co = newCompany();
    await seed(co);
    const reports: RebuildProgress[] = [];
    await rebuildRollups(t.db.kysely, co.id, undefined, (p) => reports.push(p));
    expect(reports.map((r) => [r.step, r.stepsDone])).toEqual([
      ['write lock', 0],
      ['clearing rollups', 1],
      ['day rollups', 2],
      ['per-user day rollups', 3],
      ['hour rollups', 4],
      ['per-user hour rollups', 5],
      ['response pairs', 6],
      ['statistics', 7],
      ['statistics', 8],
    ]);
    expect(reports.every((r) => r.stepsTotal === 8)).toBe(true);
  });

  it('while one runs: GET shows its live step, a second POST answers 409 naming it; afterwards POST works', async () => {
    const co = newCompany();
    const scope = await seed(co);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached = () => {};
    const atGate = new Promise<void>((resolve) => {
      reached = resolve;
    });
    // Held while it "waits for the write lock", then the real rebuild.
    const held: typeof rebuildRollups = async (db, companyId, tz, onProgress) => {
      onProgress?.({ step: 'write lock', stepsDone: 0, stepsTotal: 8 });
      reached();
      await gate;
      return rebuildRollups(db, companyId, tz, onProgress);
    };
    const first = await startRebuildJob(scope, { rebuild: held });
    await atGate;
    try {
      const live = await get(co, first.id);
      expect(live.statusCode).toBe(200);
      expect(live.json()).toMatchObject({
        id: first.id,
        status: 'running',
        progress: { step: 'write lock', steps_done: 0, steps_total: 8, percent: 0 },
        finished_at: null,
      });
      expect(live.json().started_at).not.toBeNull();
      const second = await post(co);
      expect(second.statusCode).toBe(409);
      expect(second.headers['content-type']).toContain('application/problem+json');
      expect(second.json()).toMatchObject({ status: 409, title: 'Conflict' });
      expect(second.json().detail).toContain(first.id);
    } finally {
      release(); // also when an expectation failed: the app waits for its jobs when it closes
    }
    const done = await waitForRebuildJob(t.app, `${URL}/${first.id}`, await co.auth('admin'));
    expect(done.status).toBe('succeeded');
    const again = await post(co);
    expect(again.statusCode).toBe(202);
    expect(again.json().id).not.toBe(first.id);
    const next = await waitForRebuildJob(t.app, String(again.headers.location), await co.auth('admin'));
    expect(next.status).toBe('succeeded');
  });

  it('a failed rebuild ends failed with its message, changes nothing, and leaves the company free', async () => {
    const co = newCompany();
    const scope = await seed(co);
    const before = await readRollups(t.db, co.id);
    const job = await startRebuildJob(scope, { tz: 'Mars/Olympus_Mons' });
    const failed = await waitForRebuildJob(t.app, `${URL}/${job.id}`, await co.auth('admin'));
    expect(failed).toMatchObject({ status: 'failed', tz: 'Mars/Olympus_Mons', result: null });
    expect(failed.error).toMatch(/^Failed at step "day rollups": .*Mars\/Olympus_Mons/);
    expect(failed.error).not.toMatch(/\n\s+at /); // a message, no stack
    expect(failed.progress).toMatchObject({ step: 'day rollups', steps_done: 2, percent: 25 });
    expect(failed.finished_at).not.toBeNull();
    expect(await readRollups(t.db, co.id)).toEqual(before); // rolled back
    const res = await post(co);
    expect(res.statusCode).toBe(202);
    const done = await waitForRebuildJob(t.app, String(res.headers.location), await co.auth('admin'));
    expect(done).toMatchObject({ status: 'succeeded', tz: 'UTC', error: null });
  });

  it('a job of another live instance blocks a start; one whose heartbeat went stale is abandoned', async () => {
    const co = newCompany();
    const scope = await seed(co);
    const other = await insertRebuildJob(scope, { id: randomUUID(), tz: 'UTC', owner: 'another-instance' });
    if (!other) throw new Error('not inserted');
    const blocked = await post(co);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().detail).toContain(other.id);
    // Any instance answers from the row: queued, as that instance wrote it.
    expect((await get(co, other.id)).json()).toMatchObject({ id: other.id, status: 'queued' });
    await sql`update analytics_rollup_rebuild_jobs set status = 'running', started_at = now() - interval '10 minutes',
      heartbeat_at = now() - interval '10 minutes' where company_id = ${co.id}::uuid and id = ${other.id}::uuid`.execute(
      t.db.kysely,
    );
    const res = await post(co);
    expect(res.statusCode).toBe(202);
    const abandoned = (await get(co, other.id)).json();
    expect(abandoned).toMatchObject({ status: 'failed', result: null });
    expect(abandoned.error).toMatch(/^Abandoned/);
    expect(abandoned.finished_at).not.toBeNull();
    const done = await waitForRebuildJob(t.app, String(res.headers.location), await co.auth('admin'));
    expect(done.status).toBe('succeeded');
  });

  it('404 for a random id and for another company’s job, alike; 403 for every role but admin', async () => {
    const co = newCompany();
    const stranger = newCompany();
    await seed(co);
    const res = await post(co);
    expect(res.statusCode).toBe(202);
    const { id } = res.json();
    await waitForRebuildJob(t.app, `${URL}/${id}`, await co.auth('admin'));
    const foreign = await get(stranger, id);
    const missing = await get(stranger, randomUUID());
    for (const r of [foreign, missing]) {
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const { instance: _a, ...foreignBody } = foreign.json();
    const { instance: _b, ...missingBody } = missing.json();
    expect(foreignBody).toEqual(missingBody);
    expect((await get(co, randomUUID())).statusCode).toBe(404);
    for (const role of ['executive', 'team_lead', 'rep', 'compliance', 'integration'] as const) {
      expect((await post(co, role)).statusCode, role).toBe(403);
      expect((await get(co, id, role)).statusCode, role).toBe(403);
    }
    expect((await get(co, id)).json()).toMatchObject({ id, status: 'succeeded' });
  });

  it('OpenAPI describes the job: 202 and 409 on POST, the job with its progress on GET', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    const start = doc.paths[URL].post;
    expect(Object.keys(start.responses)).toEqual(expect.arrayContaining(['202', '403', '409']));
    const read = doc.paths[`${URL}/{jobId}`].get;
    expect(Object.keys(read.responses)).toEqual(expect.arrayContaining(['200', '403', '404']));
    const job = read.responses['200'].content['application/json'].schema;
    expect(Object.keys(job.properties).sort()).toEqual(
      ['created_at', 'error', 'finished_at', 'id', 'progress', 'result', 'started_at', 'status', 'tz'].sort(),
    );
    expect(Object.keys(job.properties.progress.properties).sort()).toEqual(
      ['percent', 'step', 'steps_done', 'steps_total'].sort(),
    );
  });
});
