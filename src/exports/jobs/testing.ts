/** Tests' export jobs: POST /exports (202), then poll GET /exports/:id until it finished. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export type Job = {
  id: string;
  status: string;
  rows_done: number;
  rows_total: number | null;
  download_url: string | null;
  error: string | null;
};

export async function startJob(app: FastifyInstance, headers: Record<string, string>, payload: object) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/exports', headers, payload });
  expect(res.statusCode, res.body).toBe(202);
  return res.json() as Job;
}

export async function settleJob(app: FastifyInstance, headers: Record<string, string>, id: string) {
  for (let i = 0; i < 200; i++) {
    const job = (await app.inject({ url: `/api/v1/exports/${id}`, headers })).json() as Job;
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}
