/**
 * Applies src/db/migrations/NNNN_name.sql in order, each in its own transaction, recorded in
 * schema_migrations. An advisory lock makes concurrent starts apply each migration exactly once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connect.js';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 4_242_001; // arbitrary constant shared by every instance of this service

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`Migration ${migration} failed and was rolled back: ${(cause as Error).message ?? cause}`);
  }
}

export function listMigrations(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
}

/** Applies pending migrations; returns the names applied now. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  return db.kysely.connection().execute(async (conn) => {
    // No statement limit on this connection while it migrates: waiting for the lock while another
    // instance migrates, and a migration of a big table, may take longer than any query should.
    await sql`set statement_timeout = 0`.execute(conn);
    await sql`select pg_advisory_lock(${LOCK_KEY})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        name text primary key, applied_at timestamptz not null default now())`.execute(conn);
      const done = new Set(
        (await conn.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name),
      );
      const applied: string[] = [];
      for (const name of listMigrations(dir)) {
        if (done.has(name)) continue;
        const script = readFileSync(join(dir, name), 'utf8');
        try {
          await conn.transaction().execute(async (trx) => {
            await sql.raw(script).execute(trx);
            await trx.insertInto('schema_migrations').values({ name }).execute();
          });
        } catch (error) {
          throw new MigrationError(name, error);
        }
        applied.push(name);
      }
      return applied;
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
      await sql`reset statement_timeout`.execute(conn);
    }
  });
}

/** Names of migrations not yet applied (for readiness checks). */
export async function pendingMigrations(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('schema_migrations')
    .select('name')
    .execute()
    .catch(() => []);
  const done = new Set(rows.map((r) => r.name));
  return listMigrations(dir).filter((n) => !done.has(n));
}
