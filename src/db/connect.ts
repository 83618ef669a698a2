/**
 * Opens the database: PGlite (embedded, default) or PostgreSQL through a `pg` pool. Both give the
 * same Kysely handle and the same LISTEN/NOTIFY facility, so no other module knows which it is.
 */

import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { type Listener, PgListener } from './pg-listener.js';
import { clientConfig, openPool, type PoolSettings } from './pg-pool.js';
import { PGliteDialect } from './pglite-dialect.js';
import { PGliteThread, type SqlEngine } from './pglite-thread.js';
import type { Database } from './types.js';

export type Engine = 'pglite' | 'postgres';
export type { Listener };

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  /**
   * Subscribes to a NOTIFY channel; resolves to an unsubscribe function. `onReconnect` runs after
   * the listening connection was lost and is back (PostgreSQL): NOTIFYs of the gap are lost, so the
   * subscriber re-reads what it follows.
   */
  listen(channel: string, onMessage: Listener, onReconnect?: () => void): Promise<() => Promise<void>>;
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
      /**
       * In memory only: start from this copy of a data directory (PGlite's dumpDataDir) instead of
       * a new one, which skips initdb (the test suite's templates, src/test/pglite-templates.ts).
       */
      from?: Blob;
    }
  | ({ engine: 'postgres' } & PostgresOptions);

type PostgresOptions = Omit<PoolSettings, 'onConnectionError'> & {
  /** Told about connections lost outside a statement and the LISTEN connection's retries (for the log). */
  onConnectionError?: (error: Error & { retryInMs?: number }) => void;
};

// int8 (counts, seq) and numeric (scores, averages) as JS numbers; date as 'YYYY-MM-DD' text.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
pg.types.setTypeParser(INT8, Number);
pg.types.setTypeParser(NUMERIC, Number.parseFloat);
pg.types.setTypeParser(DATE, (v: string) => v);

export async function openDb(options: DbOptions): Promise<Db> {
  if (options.engine === 'postgres') return openPostgres(options);
  if (options.from && (options.dataDir || options.thread))
    throw new Error('PGlite: a data directory copy is for an in-memory database in this thread only');
  return openPglite(options.dataDir, options.thread === true, options.from);
}

// The 1 GB default WAL would stay on a laptop's disk for a small embedded database.
const PGLITE_CONF = ['max_wal_size = 64MB', 'min_wal_size = 32MB'];

/** What openPglite needs of either form of the embedded engine. */
interface Embedded extends SqlEngine {
  listen(channel: string, onMessage: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PGlite in this thread, or on a worker thread of its own (pglite-thread.ts); same directory and lock. */
async function openPglite(dataDir: string | undefined, thread: boolean, from?: Blob): Promise<Db> {
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
        ...(from ? { loadDataDir: from } : {}),
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

async function openPostgres(options: PostgresOptions): Promise<Db> {
  const { pool, forKysely } = openPool({ ...options, onConnectionError: options.onConnectionError });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: forKysely }) });
  const listener = new PgListener(clientConfig(options), (error, retryInMs) =>
    options.onConnectionError?.(Object.assign(error, { retryInMs })),
  );
  return {
    kysely,
    engine: 'postgres',
    pool,
    listen: (channel, onMessage, onReconnect) => listener.listen(channel, onMessage, onReconnect),
    async close() {
      await listener.close();
      await kysely.destroy();
    },
  };
}
