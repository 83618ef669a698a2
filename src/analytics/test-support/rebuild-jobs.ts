/** Follows a rollup rebuild job through the API until it has ended. */
import type { FastifyInstance } from 'fastify';
import type { RebuildJob } from '../schemas/rebuild-job.js';

/** GETs `location` (the job's path) every 20 ms until the job succeeded or failed; returns it. */
export async function waitForRebuildJob(
  app: FastifyInstance,
  location: string,
  headers: { authorization: string },
  timeoutMs = 30_000,
): Promise<RebuildJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ url: location, headers });
    if (res.statusCode !== 200) throw new Error(`GET ${location}: ${res.statusCode} ${res.body}`);
    const job = res.json() as RebuildJob;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${job.id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
