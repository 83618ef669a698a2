/**
 * The login role the PostgreSQL half of the unit suite runs request work through, as production
 * does with DATABASE_TENANT_URL (README "Tenant isolation"): created once per run by the global
 * set-up (global-setup.ts), a member of crm_tenant, neither owner, superuser nor BYPASSRLS. CI
 * (PostgreSQL with trust authentication) needs nothing more; a server that asks for passwords
 * takes TEST_DATABASE_TENANT_URL instead (a role made by its operator), and TEST_TENANT_LOGIN=0
 * turns it off (request work then shares the owner's connections, as without the setting).
 */
import { sql } from 'kysely';
import { inject } from 'vitest';
import type { Db } from '../db/connect.js';
import { TENANT_ROLE } from '../db/tenant-context.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DATABASE_TENANT_URL for the suite's PostgreSQL databases; '' when off (PGlite only, Citus). */
    testTenantUrl: string;
  }
}

export const TEST_TENANT_LOGIN = 'crm_app_test';

/** `url` logging in as `role` (same server, database and settings). */
export function asLogin(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  return u.toString();
}

/** The tenant login of `tenantUrl` on the server and database of `databaseUrl` (a scratch database). */
export function sameLoginOn(tenantUrl: string, databaseUrl: string): string {
  const login = new URL(tenantUrl);
  const u = new URL(databaseUrl);
  u.username = login.username;
  u.password = login.password;
  return u.toString();
}

/**
 * Creates the suite's login role when missing and makes it a member of crm_tenant (which the
 * migrations create). Roles belong to the whole server, so parallel runs on other databases may
 * create it at the same moment: losing that race is fine.
 */
export async function createTestTenantLogin(owner: Db): Promise<void> {
  await sql`do $$ begin
      create role ${sql.id(TEST_TENANT_LOGIN)} login nosuperuser nobypassrls;
    exception when duplicate_object or unique_violation then null;
    end $$`.execute(owner.kysely);
  await sql`grant ${sql.id(TENANT_ROLE)} to ${sql.id(TEST_TENANT_LOGIN)}`
    .execute(owner.kysely)
    .catch((error: { code?: string }) => {
      if (error.code !== 'XX000') throw error; // "tuple concurrently updated": another run granted it
    });
}

/** The tenant URL the global set-up provided, or undefined (then request work uses the owner's pool). */
export function testTenantUrl(): string | undefined {
  return inject('testTenantUrl') || undefined;
}
