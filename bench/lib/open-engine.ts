/**
 * A fresh, migrated database per engine for one benchmark run: PGlite in a temporary data
 * directory (on disk, like the service), PostgreSQL in a dedicated database (dropped and created
 * again) so the benchmark never touches the `test` database other work relies on; with `reuse` an
 * existing database is kept (and migrated), so a large dataset is loaded once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, type Engine, openDb } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrate.js';

export interface BenchDb {
  db: Db;
  engine: Engine;
  /** Connection URL (PostgreSQL only), for tools that need their own connection (psql COPY). */
  url?: string;
  dispose(): Promise<void>;
}

export async function openBenchDb(
  engine: Engine,
  pgUrl: string,
  opts: { reuse?: boolean } = {},
): Promise<BenchDb> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
    const db = await openDb({ engine: 'pglite', dataDir: dir });
    await migrate(db);
    return {
      db,
      engine,
      async dispose() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = new URL(pgUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name === 'test' || name === 'postgres') {
    throw new Error(`--pg-url must name a dedicated benchmark database (got "${name}"); it is dropped first`);
  }
  const admin = new URL(pgUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    // The name is checked above: identifiers cannot be parameters.
    const exists = (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount;
    if (!(opts.reuse && exists)) {
      await client.query(`drop database if exists ${name} with (force)`);
      await client.query(`create database ${name}`);
    }
  } finally {
    await client.end();
  }
  const db = await openDb({ engine: 'postgres', url: pgUrl, poolSize: 8 });
  await migrate(db);
  return {
    db,
    engine,
    url: pgUrl,
    async dispose() {
      await db.close();
    },
  };
}
