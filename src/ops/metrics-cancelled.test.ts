/**
 * A request its client abandons is still counted (status 499), once; a completed one once with its
 * status. Over a real socket: app.inject cannot hang up mid-request.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, expect, it } from 'vitest';
import { registerMetrics } from './metrics-http.js';

const app = Fastify();
app.decorate('ctx', { db: { engine: 'pglite' }, config: {} } as never);
registerMetrics(app);
app.get('/slow', () => new Promise((r) => setTimeout(() => r({ ok: true }), 1500)));
app.get('/fast', async () => ({ ok: true }));
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as AddressInfo).port;
afterAll(() => app.close());

/** GET `path`; with `hangUpAfterMs`, the client closes the socket before the answer. */
const get = (path: string, hangUpAfterMs?: number) =>
  new Promise<void>((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path }, (res) => res.resume().on('end', resolve));
    req.on('error', () => resolve());
    if (hangUpAfterMs !== undefined) setTimeout(() => req.destroy(), hangUpAfterMs);
    req.end();
  });

const count = async (route: string, status: number) => {
  const text = (await app.inject({ url: '/metrics' })).body;
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('http_requests_total{') &&
        l.includes(`route="${route}"`) &&
        l.includes(`status_code="${status}"`),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
};

it('counts a request cancelled by its client as 499, and a completed one once', async () => {
  await get('/slow', 100);
  // The handler's answer comes after the hang-up; wait past it so a double count would show.
  await new Promise((r) => setTimeout(r, 2000));
  expect(await count('/slow', 499)).toBe(1);
  expect(await count('/slow', 200)).toBe(0);
  await get('/fast');
  expect(await count('/fast', 200)).toBe(1);
  expect(await count('/fast', 499)).toBe(0);
});
