/**
 * The embedded database on a worker thread (pglite-worker.mjs), seen from the main thread: the same
 * query/exec/listen surface the Kysely dialect and the stream use, answered by messages. Queries
 * still run one at a time (PGlite has one connection), but the event loop stays free meanwhile:
 * other requests' non-database work, timers and live-stream heartbeats go on.
 */
import { Worker } from 'node:worker_threads';
import type { Listener } from './connect.js';

export interface SqlResult<R> {
  rows: R[];
  affectedRows?: number;
}

/** What PGliteDialect needs of an engine; PGlite itself and PGliteThread both have it. */
export interface SqlEngine {
  query<R>(sql: string, params?: unknown[]): Promise<SqlResult<R>>;
  /** Runs a multi-statement script; the thread returns only the last statement's result. */
  exec(sql: string): Promise<Array<SqlResult<unknown>>>;
}

type Reply = { id: number; rows?: unknown[]; affectedRows?: number; error?: Record<string, unknown> };
type Notification = { channel: string; payload: string };
type Start = { ready: boolean; error?: Record<string, unknown> };

/** A PostgreSQL error from the thread, with its fields (code, detail, constraint…) as PGlite gave them. */
function revive(error: Record<string, unknown>): Error {
  return Object.assign(new Error(String(error.message)), error);
}

export class PGliteThread implements SqlEngine {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: Reply): void; reject(e: Error): void }>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    onCrash: (error: Error) => void,
  ) {
    worker.on('message', (m: Reply | Notification) => {
      if ('channel' in m) {
        for (const fn of this.listeners.get(m.channel) ?? []) fn(m.payload);
        return;
      }
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) waiter?.reject(revive(m.error));
      else waiter?.resolve(m);
    });
    const fail = (error: Error) => {
      if (this.failure) return; // an uncaught error in the thread is followed by its exit
      this.failure = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
      onCrash(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The embedded database thread stopped (exit code ${code}).`)));
  }

  /**
   * Starts the thread and opens the database in `dataDir` (in memory when undefined). If the thread
   * dies, pending and later queries fail and `onCrash` runs. By default it throws the error out of
   * the process: in-process, a crash of the engine ends the process; on a thread it would leave a
   * server answering 500 forever, so it fails the same loud way and a supervisor restarts it.
   */
  static async open(
    dataDir: string | undefined,
    postgresqlconf: string[],
    onCrash: (error: Error) => void = (error) =>
      queueMicrotask(() => {
        throw error;
      }),
  ): Promise<PGliteThread> {
    // No inherited loader flags (tsx): the worker is plain JavaScript.
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
      workerData: { dataDir, postgresqlconf },
      execArgv: [],
    });
    const start = await new Promise<Start>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (!start.ready) {
      await worker.terminate();
      throw revive(start.error ?? { message: 'The embedded database did not open.' });
    }
    return new PGliteThread(worker, onCrash);
  }

  private call(message: Record<string, unknown>): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<SqlResult<R>> {
    const r = await this.call({ op: 'query', sql, params });
    return { rows: (r.rows ?? []) as R[], affectedRows: r.affectedRows };
  }

  async exec(sql: string): Promise<Array<SqlResult<unknown>>> {
    const r = await this.call({ op: 'exec', sql });
    return [{ rows: r.rows ?? [], affectedRows: r.affectedRows }];
  }

  async listen(channel: string, onMessage: Listener): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.call({ op: 'listen', channel });
    }
    set.add(onMessage);
    return async () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(onMessage) || current.size > 0) return;
      this.listeners.delete(channel);
      if (!this.failure) await this.call({ op: 'unlisten', channel });
    };
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call({ op: 'close' });
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
