/**
 * Runs a suite once per database engine: PGlite always, PostgreSQL too when TEST_DATABASE_URL is
 * set. Each file gets its own PGlite; on PostgreSQL files share one migrated database and isolate
 * their data by company (every test makes a fresh company), so files run in parallel.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { type Db, type Engine, openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { assertTenantLogin } from '../db/tenant-login.js';
import { distributeAsDocumented } from '../ops/citus-distribute.js';
import { pgliteTemplate } from './pglite-templates.js';
import { testTenantUrl } from './tenant-login.js';

/**
 * With TEST_CITUS=1 (TEST_DATABASE_URL on a Citus coordinator: CI's third run) only PostgreSQL:
 * the PGlite half has run already in the plain runs, and repeating it would double the stage.
 */
export const ENGINES: Engine[] =
  process.env.TEST_CITUS === '1'
    ? ['postgres']
    : process.env.TEST_DATABASE_URL
      ? ['pglite', 'postgres']
      : ['pglite'];

/**
 * A migrated test database (on PGlite a copy of one, pglite-templates.ts). On PostgreSQL request work logs in as the suite's tenant login role
 * (tenant-login.ts), checked as the server checks DATABASE_TENANT_URL at start-up.
 */
export async function openTestDb(engine: Engine): Promise<Db> {
  const tenantUrl = engine === 'postgres' ? testTenantUrl() : undefined;
  const db =
    engine === 'pglite'
      ? await openDb({ engine: 'pglite', from: pgliteTemplate('migrated') })
      : await openDb({
          engine: 'postgres',
          url: process.env.TEST_DATABASE_URL as string,
          ...(tenantUrl ? { tenantUrl } : {}),
          poolSize: 4,
        });
  await migrate(db);
  if (tenantUrl) await assertTenantLogin(db);
  // On a Citus coordinator (CI's third run) the schema is distributed as docs/scaling.md says.
  if (engine === 'postgres' && process.env.TEST_CITUS === '1') await distributeAsDocumented(db);
  return db;
}

/** `describeEngines('events', (t) => { it(..., async () => { t.db ... }) })` */
export function describeEngines(name: string, body: (t: { db: Db; engine: Engine }) => void) {
  for (const engine of ENGINES) {
    describe(`${name} [${engine}]`, () => {
      const t = { engine } as { db: Db; engine: Engine };
      beforeAll(async () => {
        t.db = await openTestDb(engine);
      }, 120_000);
      afterAll(async () => {
        await t.db?.close();
      });
      body(t);
    });
  }
}
