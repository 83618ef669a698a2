/**
 * Starts the real server for the browser tests: builds web/dist when stale, then runs
 * `crm-timeline serve` in demo mode with a fresh temporary DATA_DIR on a free port, and hands the
 * base URL to the tests (inject('baseUrl')). Fails loudly when Chromium is not installed.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = resolve(import.meta.dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

async function waitForServer(base: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 540_000; // seeding ~55k events takes 15 s idle, minutes on a busy machine
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${base}/api/v1/demo/personas`);
      // Seeded, and the analytics replica has loaded it (dashboards answer 503 while it loads).
      const ready = await fetch(`${base}/readyz`).then(
        (r) => r.json() as Promise<{ checks?: { analytics?: string } }>,
      );
      if (
        res.ok &&
        ((await res.json()) as { items: unknown[] }).items.length &&
        ready.checks?.analytics === 'following'
      )
        return;
    } catch {
      // not listening yet (it seeds the demo data first)
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The server did not start within 540 s:\n${log()}`);
}

export default async function setup(project: TestProject) {
  // A server already running (e.g. `E2E_BASE_URL=http://127.0.0.1:4000` while iterating on the web app):
  // reuse it instead of seeding a fresh one; the tests rebuild nothing, so build web/dist first.
  if (process.env.E2E_BASE_URL) {
    project.provide('baseUrl', process.env.E2E_BASE_URL);
    return;
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the browser tests need it. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-web-if-needed.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('Building the web app failed (see the output above).');

  const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_MODE: 'true',
    SERVE_WEB: 'true',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL; // always the embedded database, seeded fresh
  const child = spawn(process.execPath, [join(root, 'bin/crm-timeline.js'), 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const started = Date.now();
  try {
    await waitForServer(base, child, () => output.slice(-4000));
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  console.log(
    `e2e server ready at ${base} in ${((Date.now() - started) / 1000).toFixed(1)} s (data in ${dataDir})`,
  );
  project.provide('baseUrl', base);

  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        r(null);
      }, 10_000);
      child.once('exit', () => {
        clearTimeout(t);
        r(null);
      });
    });
    rmSync(dataDir, { recursive: true, force: true });
  };
}
