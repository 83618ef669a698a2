/**
 * Export jobs: progress to done and a download equal to the streamed export; only the requester
 * (and admins) see a job; an expired link is 410 and the sweeper deletes its file; a job left
 * running by a stopped process is failed by the sweeper; dashboards run as jobs too.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../../test/app.js';
import { eventInput } from '../../test/factories.js';
import { FROM, seedFixture, TO } from '../../visibility/testing/fixture.js';
import { download, ingest, parseCsv, pdfText } from '../testing.js';
import { sweepOnce } from './sweeper.js';
import { settleJob, startJob } from './testing.js';

const DIR = mkdtempSync(join(tmpdir(), 'export-jobs-'));

describeApp(
  'export jobs',
  (t) => {
    const start = (headers: Record<string, string>, payload: object) => startJob(t.app, headers, payload);
    const settle = (headers: Record<string, string>, id: string) => settleJob(t.app, headers, id);

    it('runs to done; the download equals GET /events/export; only the requester and admins see it', async () => {
      const co = newCompany();
      await ingest(
        t.app,
        co,
        Array.from({ length: 23 }, (_, i) => eventInput({ event_title: `Job ${i}` })),
      );
      const rep = await co.auth('rep');
      const params = { columns: 'id,occurred_at,title', tz: 'UTC', order: 'asc' };
      const queued = await start(rep, { kind: 'events', format: 'csv', params });
      expect(queued.status).toBe('queued');
      const done = await settle(rep, queued.id);
      expect([done.status, done.rows_done, done.rows_total]).toEqual(['done', 23, 23]);
      expect(done.download_url).toBe(`/api/v1/exports/${queued.id}/download`);
      const file = await download(t.app, rep, done.download_url as string);
      const direct = await download(
        t.app,
        rep,
        '/api/v1/events/export?columns=id,occurred_at,title&tz=UTC&order=asc',
      );
      expect(parseCsv(file.bytes)).toEqual(parseCsv(direct.bytes));
      expect(parseCsv(file.bytes)).toHaveLength(24);
      for (const other of [
        await co.auth('rep'),
        await co.auth('executive'),
        await newCompany().auth('admin'),
      ]) {
        expect((await t.app.inject({ url: `/api/v1/exports/${queued.id}`, headers: other })).statusCode).toBe(
          404,
        );
        expect((await t.app.inject({ url: done.download_url as string, headers: other })).statusCode).toBe(
          404,
        );
      }
      expect(
        (await t.app.inject({ url: `/api/v1/exports/${queued.id}`, headers: await co.auth('admin') }))
          .statusCode,
      ).toBe(200);
    });

    it('an expired link is 410, the sweeper deletes the file; an abandoned running job becomes failed', async () => {
      const co = newCompany();
      await ingest(t.app, co, [eventInput()]);
      const rep = await co.auth('rep');
      const done = await settle(rep, (await start(rep, { kind: 'events', format: 'xlsx', params: {} })).id);
      const file = join(DIR, co.id, `${done.id}.xlsx`);
      expect(existsSync(file)).toBe(true);
      const db = t.db.kysely;
      await db
        .updateTable('export_jobs')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('company_id', '=', co.id)
        .execute();
      expect((await t.app.inject({ url: `/api/v1/exports/${done.id}`, headers: rep })).json().status).toBe(
        'expired',
      );
      expect(
        (await t.app.inject({ url: `/api/v1/exports/${done.id}/download`, headers: rep })).statusCode,
      ).toBe(410);
      await sweepOnce(t.app as never, DIR);
      expect(existsSync(file)).toBe(false);
      // A job whose process stopped: running, no heartbeat for ten minutes.
      const stale = await start(rep, { kind: 'events', format: 'csv', params: {} });
      await settle(rep, stale.id);
      await db
        .updateTable('export_jobs')
        .set({ status: 'running', heartbeat_at: new Date(Date.now() - 600_000) })
        .where('company_id', '=', co.id)
        .where('id', '=', stale.id)
        .execute();
      await sweepOnce(t.app as never, DIR);
      const failed = (await t.app.inject({ url: `/api/v1/exports/${stale.id}`, headers: rep })).json();
      expect([failed.status, failed.error]).toEqual(['failed', expect.stringContaining('server stopped')]);
    });

    it('a finished job whose file is gone is a 410 problem saying to run it again; an unknown job is a 404 problem', async () => {
      const co = newCompany();
      await ingest(t.app, co, [eventInput()]);
      const rep = await co.auth('rep');
      const done = await settle(rep, (await start(rep, { kind: 'events', format: 'csv', params: {} })).id);
      expect(done.status).toBe('done');
      // As on an instance without the shared EXPORT_DIR: the job row is done, the file is not here.
      rmSync(join(DIR, co.id, `${done.id}.csv`));
      const missing = await t.app.inject({ url: `/api/v1/exports/${done.id}/download`, headers: rep });
      expect(missing.statusCode).toBe(410);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.json()).toMatchObject({
        status: 410,
        detail: expect.stringContaining('run the export again'),
      });
      const unknown = await t.app.inject({ url: `/api/v1/exports/${randomUUID()}/download`, headers: rep });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers['content-type']).toContain('application/problem+json');
      expect(unknown.json().status).toBe(404);
    });

    it('a dashboard job renders the PDF; bad parameters are a 400 naming them', async () => {
      const co = newCompany();
      await seedFixture(t.app, co);
      const exec = await co.auth('executive');
      const job = await start(exec, {
        kind: 'dashboard',
        format: 'pdf',
        params: { dashboard: 'executive', query: { from: FROM, to: TO } },
      });
      const done = await settle(exec, job.id);
      expect(done.status, done.error ?? '').toBe('done');
      expect(pdfText((await download(t.app, exec, done.download_url as string)).bytes)).toContain(
        'Executive dashboard',
      );
      const bad = async (payload: object) =>
        (await t.app.inject({ method: 'POST', url: '/api/v1/exports', headers: exec, payload })).json();
      expect(
        (await bad({ kind: 'events', format: 'csv', params: { columns: 'id,shoe' } })).errors[0].message,
      ).toContain('shoe');
      expect(
        (await bad({ kind: 'events', format: 'csv', params: { type: 'call,fax' } })).errors[0].path,
      ).toBe('body.params.type.1');
      expect((await bad({ kind: 'dashboard', format: 'csv', params: { dashboard: 'me' } })).status).toBe(400);
      expect((await t.app.inject({ url: `/api/v1/exports/${randomUUID()}`, headers: exec })).statusCode).toBe(
        404,
      );
    });
  },
  { EXPORT_DIR: DIR, EXPORT_PAGE_ROWS: '5' },
);
