/**
 * Closing the app does not wait for a connection that never sent a request (found as the
 * analytics guard's test waiting 65 s in close() for a spare connection of fetch's pool), nor for
 * the keep-alive connection of a request that was in flight, once it has its answer
 * (more in ops/shutdown.test.ts).
 */
import { type AddressInfo, connect, type Socket } from 'node:net';
import { expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { TEST_SECRET } from '../test/app.js';
import { describeEngines } from '../test/engines.js';

const opened = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
const closed = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

describeEngines('closing with open connections', (t) => {
  it('closes once the request in flight is answered, past a connection without a request', async () => {
    const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false' });
    const app = await buildApp({ config, db: t.db, secret: TEST_SECRET });
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let reached = () => {};
    const inHandler = new Promise<void>((r) => {
      reached = r;
    });
    app.get('/test/slow', async () => {
      reached();
      await held;
      return { done: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    // Leaves a keep-alive connection in fetch's pool, which the next request reuses.
    const first = await fetch(`${base}/healthz`);
    expect(first.status).toBe(200);
    await first.text();
    const empty = await opened(port);
    const emptyClosed = closed(empty);
    const inFlight = fetch(`${base}/test/slow`).then(async (r) => ({
      body: await r.json(),
      connection: r.headers.get('connection'),
    }));
    await inHandler;
    const started = Date.now();
    const closing = app.close();
    await emptyClosed;
    release();
    expect(await inFlight).toEqual({ body: { done: true }, connection: 'close' });
    await closing;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
