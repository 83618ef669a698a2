/**
 * Across instances: an event ingested through one instance reaches a stream client of another.
 * On PostgreSQL the second instance is a real process (`crm-timeline serve`) on the same database;
 * on PGlite, which one process owns, it is a second app on the same database handle.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { newCompany, TEST_SECRET } from '../test/app.js';
import { describeStream, ingest } from './testing/harness.js';
import { openStream } from './testing/sse-client.js';

const BIN = fileURLToPath(new URL('../../bin/crm-timeline.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    server.on('error', reject);
  });
}

async function waitUntilUp(base: string, child: ChildProcess, output: () => string) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`second instance exited: ${output()}`);
    const ok = await fetch(`${base}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`second instance did not start: ${output()}`);
}

describeStream('stream: across instances', (t) => {
  let other: { base: string; stop: () => Promise<void> };

  beforeAll(async () => {
    if (t.engine === 'postgres') {
      const port = await freePort();
      let output = '';
      const child = spawn(process.execPath, [BIN, 'serve'], {
        env: {
          ...process.env,
          DATABASE_URL: process.env.TEST_DATABASE_URL,
          AUTH_JWT_SECRET: TEST_SECRET,
          PORT: String(port),
          HOST: '127.0.0.1',
          DEMO_MODE: 'false',
          SERVE_WEB: 'false',
          LOG_LEVEL: 'warn',
          DB_POOL_SIZE: '2',
          ANALYTICS_DIR: mkdtempSync(join(tmpdir(), 'crm-instance-analytics-')), // its own replica
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d) => (output += d));
      child.stderr?.on('data', (d) => (output += d));
      const base = `http://127.0.0.1:${port}`;
      other = {
        base,
        stop: () =>
          new Promise((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
      await waitUntilUp(base, child, () => output);
    } else {
      const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false' });
      const app = await buildApp({ config, db: t.db, secret: TEST_SECRET, stream: { pollMs: 60_000 } });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      other = {
        base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
        stop: () => app.close(),
      };
    }
  }, 90_000);
  afterAll(async () => {
    await other?.stop();
  });

  it('ingest on instance A, receive on instance B (and a stream token of A works on B)', async () => {
    const co = newCompany();
    const token = (
      await t.app.inject({ method: 'POST', url: '/api/v1/stream/tokens', headers: await co.auth('rep') })
    ).json().token;
    const sse = await openStream(`${other.base}/api/v1/stream?token=${token}`);
    expect(sse.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    const ids = await ingest(t.app, co, [{}, {}, {}]);
    await sse.waitFor((c) => c.messages.length >= 3, 10_000, 'events from the other instance');
    sse.close();
    expect(sse.of<{ id: string }>('event.created').map((m) => m.id)).toEqual(ids);
  });
});
