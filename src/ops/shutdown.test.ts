/**
 * SIGTERM on a real server process with a request in flight and a live stream: the stream gets a
 * going-away message with a retry hint and ends, new connections are refused, the request in
 * flight completes with 2xx, and the process exits 0 within SHUTDOWN_TIMEOUT_MS; a request that
 * never completes does not keep it alive past that bound (exit 1). On each engine.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signToken } from '../auth/tokens.js';
import { openStream } from '../stream/testing/sse-client.js';
import { TEST_SECRET } from '../test/app.js';
import { ENGINES } from '../test/engines.js';
import { eventInput } from '../test/factories.js';
import { seedDataDir } from '../test/pglite-templates.js';
import { createScratchDatabase } from './fresh-db.js';
import { type ServerProcess, startServer, waitUntilReady } from './server-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A POST whose headers the server has parsed (it answered `100 Continue`) and whose body is half
 * sent: in flight until `finish()` sends the rest.
 */
async function startUpload(url: string, path: string, headers: Record<string, string>, body: string) {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  const request = http.request(`${url}${path}`, {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': bytes.length,
      expect: '100-continue',
    },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
  });
  response.catch(() => {}); // the forced-exit test never reads it
  await new Promise<void>((resolve) => request.once('continue', resolve));
  request.write(bytes.subarray(0, half));
  return {
    response,
    finish: () => request.end(bytes.subarray(half)),
  };
}

const exited = (server: ServerProcess) =>
  new Promise<number | null>((resolve) => {
    if (server.child.exitCode !== null) resolve(server.child.exitCode);
    else server.child.once('exit', (code) => resolve(code));
  });

for (const engine of ENGINES) {
  describe(`graceful shutdown [${engine}]`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    }, 60_000);

    const start = async (shutdownTimeoutMs: number) => {
      const env: Record<string, string> = {
        AUTH_JWT_SECRET: TEST_SECRET,
        DEMO_MODE: 'false',
        SERVE_WEB: 'false',
        LOG_LEVEL: 'info',
        SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
        ANALYTICS_DIR: mkdtempSync(join(tmpdir(), 'crm-shutdown-analytics-')),
      };
      if (engine === 'postgres') {
        const scratch = await createScratchDatabase();
        cleanups.push(() => scratch.drop());
        env.DATABASE_URL = scratch.url;
        env.DB_POOL_SIZE = '2';
      } else {
        env.DATA_DIR = mkdtempSync(join(tmpdir(), 'crm-shutdown-data-'));
        seedDataDir(env.DATA_DIR, 'migrated');
      }
      const server = await startServer(env);
      cleanups.push(() => server.stop());
      await waitUntilReady(server);
      const companyId = randomUUID();
      const auth = async (role: 'integration' | 'admin') => ({
        authorization: `Bearer ${await signToken(TEST_SECRET, { userId: randomUUID(), companyId, role, teamId: null })}`,
      });
      return { server, auth };
    };

    it('finishes the request in flight, tells streams to reconnect, refuses new connections, exits 0', async () => {
      const { server, auth } = await start(60_000);
      const stream = await openStream(`${server.url}/api/v1/stream`, { headers: await auth('admin') });
      expect(stream.status).toBe(200);
      const items = Array.from({ length: 50 }, () => eventInput());
      const upload = await startUpload(
        server.url,
        '/api/v1/events/batch',
        await auth('integration'),
        JSON.stringify(items),
      );
      const signalledAt = Date.now();
      server.child.kill('SIGTERM');

      // Streams: a going-away message with a retry hint, then the end.
      await stream.waitFor((c) => c.of('shutdown').length > 0, 20_000, 'the shutdown message');
      expect(stream.of('shutdown')[0]).toMatchObject({ reason: 'server_shutdown', retry_ms: 1000 });
      expect(stream.retry).toBe(1000);
      await stream.body;
      expect(stream.ended).toBe(true);

      // New connections are refused while the request in flight still holds the process.
      let refused = false;
      for (let i = 0; i < 200 && !refused; i++) {
        refused = await fetch(`${server.url}/healthz`).then(
          () => false,
          () => true,
        );
        if (!refused) await sleep(50);
      }
      expect(refused).toBe(true);
      expect(server.child.exitCode).toBeNull();

      upload.finish();
      const done = await upload.response;
      expect(done.status).toBe(200);
      expect(JSON.parse(done.body)).toMatchObject({ stored: items.length, rejected: 0 });

      expect(await exited(server)).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(60_000);
      expect(server.logs.some((l) => l.msg === 'shut down cleanly')).toBe(true);
    }, 180_000);

    it('exits anyway (code 1) once SHUTDOWN_TIMEOUT_MS has passed with a request still in flight', async () => {
      const { server, auth } = await start(1500);
      await startUpload(
        server.url,
        '/api/v1/events/batch',
        await auth('integration'),
        JSON.stringify([eventInput()]),
      );
      server.child.kill('SIGTERM');
      expect(await exited(server)).toBe(1); // the upload never completes: only the bound ends the process
      expect(server.logs.some((l) => /exiting anyway/.test(String(l.msg)))).toBe(true);
    }, 180_000);
  });
}
