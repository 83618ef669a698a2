/**
 * The unit suite's one-time set-up.
 * - PGlite (not on the Citus stage, which runs PostgreSQL only): the copies of a new and of a
 *   migrated embedded database that test databases start from (pglite-templates.ts).
 * - PostgreSQL (TEST_DATABASE_URL, not the Citus stage): migrates the database once, which creates
 *   the role crm_tenant, and creates the login role request work then connects as in every
 *   PostgreSQL test (tenant-login.ts), so CI runs the suite with DATABASE_TENANT_URL's separation,
 *   not only the owner's SET ROLE.
 */
import type { TestProject } from 'vitest/node';
import { openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { preparePgliteTemplates } from './pglite-templates.js';
import { asLogin, createTestTenantLogin, TEST_TENANT_LOGIN } from './tenant-login.js';

export default async function setup(project: TestProject) {
  const citus = process.env.TEST_CITUS === '1';
  project.provide('pgliteTemplates', citus ? { blank: '', migrated: '' } : await preparePgliteTemplates());
  project.provide('testTenantUrl', await tenantUrl(citus));
}

/** DATABASE_TENANT_URL for the PostgreSQL half, '' when off. */
async function tenantUrl(citus: boolean): Promise<string> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || citus || process.env.TEST_TENANT_LOGIN === '0') return '';
  const given = process.env.TEST_DATABASE_TENANT_URL;
  if (given) return given;
  const owner = await openDb({ engine: 'postgres', url, poolSize: 1 });
  try {
    await migrate(owner);
    await createTestTenantLogin(owner);
  } finally {
    await owner.close();
  }
  return asLogin(url, TEST_TENANT_LOGIN);
}
