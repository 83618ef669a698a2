/**
 * The unit suite's one-time set-up. On PostgreSQL (TEST_DATABASE_URL, not the Citus stage) it
 * migrates the database once, which creates the role crm_tenant, and creates the login role request
 * work then connects as in every PostgreSQL test (tenant-login.ts), so CI runs the suite with
 * DATABASE_TENANT_URL's separation, not only the owner's SET ROLE.
 */
import type { TestProject } from 'vitest/node';
import { openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { asLogin, createTestTenantLogin, TEST_TENANT_LOGIN } from './tenant-login.js';

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || process.env.TEST_CITUS === '1' || process.env.TEST_TENANT_LOGIN === '0') {
    project.provide('testTenantUrl', '');
    return;
  }
  const given = process.env.TEST_DATABASE_TENANT_URL;
  if (!given) {
    const owner = await openDb({ engine: 'postgres', url, poolSize: 1 });
    try {
      await migrate(owner);
      await createTestTenantLogin(owner);
    } finally {
      await owner.close();
    }
  }
  project.provide('testTenantUrl', given ?? asLogin(url, TEST_TENANT_LOGIN));
}
