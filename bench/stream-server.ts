/**
 * The server under test in the stream benchmark, and its memory. On PostgreSQL it is a real
 * `crm-timeline serve` process (what `npm start` runs) on the benchmark database, so its RSS is the
 * server's alone: not the benchmark driver's ingest requests, nor what loading the dataset or other
 * sections left in the driver's heap. PGlite has one owning process, so there the in-process server
 * is measured, driver included.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BENCH_SECRET } from './lib/server.js';

const BIN = fileURLToPath(new URL('../bin/crm-timeline.js', import.meta.url));

export interface ServerUnderTest {
  baseUrl: string;
  pid: number;
  /** True when the server runs in this process (its figures include the benchmark driver). */
  inProcess: boolean;
  stop(): Promise<void>;
}

/** Resident memory of a process from /proc, in bytes: now and the peak since `resetPeak`. */
export function readRss(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Restarts the kernel's peak-RSS counter (VmHWM) at the current RSS (Linux ≥ 4.0; root or owner). */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false; // not Linux, or not allowed: the caller's sampled maximum still stands
  }
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

/** Starts `crm-timeline serve` on `databaseUrl` with the benchmark's JWT secret; resolves when healthy. */
export async function startServeProcess(
  databaseUrl: string,
  nodeOptions: string[] = [],
): Promise<ServerUnderTest> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [...nodeOptions, BIN, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_JWT_SECRET: BENCH_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_MODE: 'false',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server process exited: ${output}`);
    const up = await fetch(`${baseUrl}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) break;
    if (i >= 600) {
      await stop();
      throw new Error(`server process did not start within 60 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl, pid: child.pid as number, inProcess: false, stop };
}
