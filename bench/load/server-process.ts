/**
 * The server under load: a real `crm-timeline serve` child process on loopback (PostgreSQL via
 * DATABASE_URL, or the embedded engine via DATA_DIR), so the RSS we sample is the server's alone.
 * Ready when /readyz says the analytics replica follows (dashboards answer 503 while it loads).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BENCH_SECRET } from '../lib/server.js';

const BIN = fileURLToPath(new URL('../../bin/crm-timeline.js', import.meta.url));

export interface LoadServer {
  baseUrl: string;
  pid: number;
  /** The last lines the server wrote (for a failure report). */
  output(): string;
  stop(): Promise<void>;
}

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

export async function startLoadServer(
  target: { databaseUrl: string; analyticsDir: string } | { dataDir: string },
  env: Record<string, string> = {},
): Promise<LoadServer> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      ...('databaseUrl' in target
        ? { DATABASE_URL: target.databaseUrl, ANALYTICS_DIR: target.analyticsDir }
        : { DATA_DIR: target.dataDir }),
      AUTH_JWT_SECRET: BENCH_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1', // loopback only
      DEMO_MODE: 'false',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 30 * 60_000; // a 1M-event replica load takes minutes on 2 cores
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${baseUrl}/readyz`)
      .then((r) => r.json() as Promise<{ checks?: { analytics?: string } }>)
      .catch(() => undefined);
    if (ready?.checks?.analytics === 'following') break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server was not ready within 30 min:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { baseUrl, pid: child.pid as number, output: () => output, stop };
}
