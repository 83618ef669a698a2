/**
 * The per-company export job limit (EXPORT_JOBS_PER_COMPANY): with that many jobs queued or running,
 * the next POST /exports gets 429 problem+json with Retry-After; another company is not affected; a
 * finished job frees its place.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../../test/app.js';
import { insertJob, updateJob } from './queries.js';

describeApp(
  'export job limit per company',
  (t) => {
    const post = async (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/exports',
        headers,
        payload: { kind: 'events', format: 'csv', params: { columns: 'id' } },
      });

    it('refuses the company’s next job with 429 until one finishes; others are served', async () => {
      const co = newCompany();
      const scope = co.scope(t.db);
      const requester = { userId: randomUUID(), companyId: co.id, role: 'admin' as const, teamId: null };
      // Two jobs that stay unfinished (one queued, one running), as a busy company's would.
      const ids = [randomUUID(), randomUUID()];
      for (const id of ids)
        await insertJob(scope, { id, kind: 'events', format: 'csv', params: {}, requester });
      await updateJob(scope, ids[1] as string, { status: 'running' });
      const headers = await co.auth('admin');
      const refused = await post(headers);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.json().detail).toContain('2 export jobs queued or running (at most 2 at once)');

      const other = newCompany();
      expect((await post(await other.auth('admin'))).statusCode).toBe(202);

      await updateJob(scope, ids[0] as string, { status: 'done' }, { linkTtlMs: null });
      expect((await post(headers)).statusCode).toBe(202);
    });
  },
  { EXPORT_JOBS_PER_COMPANY: '2' },
);
