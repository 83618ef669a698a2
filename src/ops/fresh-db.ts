/**
 * Test support: a database nobody else uses. PGlite in memory (a copy of a new one, see
 * test/pglite-templates.ts), or a new database created on the TEST_DATABASE_URL server (dropped on
 * close), for tests that need an empty or unmigrated schema while other test files share the main
 * test database.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, type Engine, openDb } from '../db/connect.js';
import { pgliteTemplate } from '../test/pglite-templates.js';

export interface FreshDb {
  db: Db;
  /** postgres:// URL of the new database (PostgreSQL only). */
  url?: string;
  close(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty PostgreSQL database; returns its URL and a function dropping it. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  // Named after the test database, so people sharing a server can tell (and clean up) their own.
  const base = new URL(process.env.TEST_DATABASE_URL as string).pathname.slice(1).replace(/\W/g, '') || 'crm';
  const name = `${base.slice(0, 40)}_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/**
 * Whether tests needing a database of their own are left out: on the Citus stage (TEST_CITUS=1) a
 * new database on the coordinator has neither Citus nor workers (Citus 12.1 does not propagate
 * CREATE DATABASE), so such a test would only repeat the plain PostgreSQL run. A test in a file the
 * stage runs skips with `skip(OWN_DATABASE_NOT_ON_CLUSTER, note)`, the note saying what it does to
 * that database (shown beside the skipped test in the run's output).
 */
export const OWN_DATABASE_NOT_ON_CLUSTER = process.env.TEST_CITUS === '1';

export async function openFreshDb(engine: Engine): Promise<FreshDb> {
  if (engine === 'pglite') {
    const db = await openDb({ engine: 'pglite', from: pgliteTemplate('blank') });
    return { db, close: () => db.close().catch(() => {}) };
  }
  const scratch = await createScratchDatabase();
  const db = await openDb({ engine: 'postgres', url: scratch.url, poolSize: 2 });
  return {
    db,
    url: scratch.url,
    async close() {
      await db.close().catch(() => {}); // a test may have closed it already
      await scratch.drop();
    },
  };
}
