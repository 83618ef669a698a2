/** Test support: a real `crm-timeline serve` child process, its JSON log lines, and a clean stop. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Parsed JSON log lines written so far (the startup banner and other text are kept in `text`). */
  logs: Array<Record<string, unknown>>;
  text: string[];
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/crm-timeline.js', 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
  });
  const logs: Array<Record<string, unknown>> = [];
  const text: string[] = [];
  let buffered = '';
  const take = (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        text.push(line);
      }
    }
  };
  child.stdout.on('data', take);
  child.stderr.on('data', (d: Buffer) => text.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    logs,
    text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `GET /readyz` until 200; throws with what the server said if it exits or takes too long:
 * its text output, its last JSON log lines and its last /readyz answer (a server that hangs on
 * start-up writes nothing to stderr, so the text alone says nothing).
 */
export async function waitUntilReady(server: ServerProcess, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer (not listening yet)';
  const said = () =>
    [...server.text, ...server.logs.slice(-20).map((l) => JSON.stringify(l)), `last /readyz: ${last}`].join(
      '\n',
    );
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      throw new Error(`server exited with ${server.child.exitCode}:\n${said()}`);
    }
    const status = await fetch(`${server.url}/readyz`)
      .then(async (r) => {
        last = `${r.status} ${await r.text()}`;
        return r.status;
      })
      .catch(() => 0);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${said()}`);
}
