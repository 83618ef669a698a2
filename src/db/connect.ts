/**
 * Opens the database: PGlite (embedded, default) or PostgreSQL through a `pg` pool. Both give the
 * same Kysely handle and the same LISTEN/NOTIFY facility, so no other module knows which it is.
 */

import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import { PGliteThread, type SqlEngine } from './pglite-thread.js';
import type { Database } from './types.js';

export type Engine = 'pglite' | 'postgres';
export type Listener = (payload: string) => void;

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  /** Subscribes to a NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, onMessage: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** The embedded instance, for PGlite-only tools (backup, COPY). */
  pglite?: PGlite;
  /** The server pool, for PostgreSQL-only tools (COPY). */
  pool?: pg.Pool;
}

export type DbOptions =
  | {
      engine: 'pglite';
      dataDir?: string /* undefined: in memory */;
      /** Run the engine on a worker thread, so queries do not block the event loop (the server does). */
      thread?: boolean;
    }
  | { engine: 'postgres'; url: string; poolSize?: number; searchPath?: string };

// int8 (counts, seq) and numeric (scores, averages) as JS numbers; date as 'YYYY-MM-DD' text.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
pg.types.setTypeParser(INT8, Number);
pg.types.setTypeParser(NUMERIC, Number.parseFloat);
pg.types.setTypeParser(DATE, (v: string) => v);

export async function openDb(options: DbOptions): Promise<Db> {
  if (options.engine === 'postgres') return openPostgres(options);
  return openPglite(options.dataDir, options.thread === true);
}

// The 1 GB default WAL would stay on a laptop's disk for a small embedded database.
const PGLITE_CONF = ['max_wal_size = 64MB', 'min_wal_size = 32MB'];

/** What openPglite needs of either form of the embedded engine. */
interface Embedded extends SqlEngine {
  listen(channel: string, onMessage: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PGlite in this thread, or on a worker thread of its own (pglite-thread.ts); same directory and lock. */
async function openPglite(dataDir: string | undefined, thread: boolean): Promise<Db> {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  const path = dataDir ? join(dataDir, 'pgdata') : undefined;
  let engine: Embedded;
  let pglite: PGlite | undefined;
  try {
    if (thread) engine = await PGliteThread.open(path, PGLITE_CONF);
    else {
      pglite = await PGlite.create(path, {
        parsers: { [INT8]: Number, [NUMERIC]: Number.parseFloat, [DATE]: (v: string) => v },
        postgresqlconf: PGLITE_CONF,
      });
      engine = pglite;
    }
  } catch (error) {
    release();
    throw error;
  }
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect(engine) });
  return {
    kysely,
    engine: 'pglite',
    pglite,
    listen: (channel, onMessage) => engine.listen(channel, onMessage),
    async close() {
      await kysely.destroy();
      await engine.close();
      release();
    },
  };
}

async function openPostgres(options: { url: string; poolSize?: number; searchPath?: string }): Promise<Db> {
  const clientOptions: pg.PoolConfig = {
    connectionString: options.url,
    max: options.poolSize ?? 8,
    // Unnamed statements only: named ones switch to generic plans that are ~10x slower here.
    options: [
      // Analytics scans hundreds of thousands of rows in one query: JIT compilation cost 150 ms of a
      // 1.6 s productivity query and saved nothing, and sorts spilled to disk at the 4 MB default.
      '-c jit=off -c work_mem=32MB',
      options.searchPath ? `-c search_path=${options.searchPath}` : '',
    ]
      .join(' ')
      .trim(),
  };
  const pool = new pg.Pool(clientOptions);
  pool.on('error', () => {}); // idle client errors surface on the next query instead of crashing
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Map<string, Set<Listener>>();
  let listenClient: pg.Client | undefined;

  async function connectListener(): Promise<pg.Client> {
    const client = new pg.Client(clientOptions);
    await client.connect();
    client.on('notification', (msg) => {
      for (const fn of listeners.get(msg.channel) ?? []) fn(msg.payload ?? '');
    });
    client.on('error', () => {
      // Reconnect and re-subscribe; stream clients resume from the change log, so nothing is lost.
      listenClient = undefined;
      setTimeout(() => void reconnect(), 500);
    });
    for (const channel of listeners.keys()) await client.query(`listen "${channel}"`);
    return client;
  }
  async function reconnect() {
    if (listenClient || listeners.size === 0) return;
    try {
      listenClient = await connectListener();
    } catch {
      setTimeout(() => void reconnect(), 1000);
    }
  }

  return {
    kysely,
    engine: 'postgres',
    pool,
    async listen(channel, onMessage) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        if (listenClient) await listenClient.query(`listen "${channel}"`);
      }
      set.add(onMessage);
      if (!listenClient) listenClient = await connectListener();
      return async () => {
        set.delete(onMessage);
      };
    },
    async close() {
      const client = listenClient;
      listeners.clear();
      listenClient = undefined;
      await client?.end().catch(() => {});
      await kysely.destroy();
    },
  };
}
