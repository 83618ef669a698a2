/**
 * The check that DATABASE_TENANT_URL names a role row-level security holds (README "Tenant
 * isolation"): request work connects as it, so it must neither own the tables (owners are exempt
 * from their policies) nor be a superuser or BYPASSRLS, and it must be able to act as crm_tenant.
 * Run at start-up, as the tenant: a wrong role stops the service with the reason instead of
 * quietly running requests with the wall down.
 */
import { sql } from 'kysely';
import { ConfigError } from '../config.js';
import type { Db } from './connect.js';
import { TENANT_ROLE, withTenant } from './tenant-context.js';

interface LoginFacts {
  login: string;
  superuser: boolean;
  bypassrls: boolean;
  owner: boolean;
  member: boolean;
}

/** Throws a ConfigError naming every way the tenant login role could escape the policies. */
export async function assertTenantLogin(db: Db): Promise<void> {
  // Any company id will do: the statements below read only the catalogue.
  const facts = await withTenant('00000000-0000-0000-0000-000000000000', async () => {
    const { rows } = await sql<LoginFacts>`select r.rolname as login, r.rolsuper as superuser,
        r.rolbypassrls as bypassrls,
        exists (select 1 from pg_class c where c.relname = 'crm_activity_events'
                and c.relnamespace = current_schema()::regnamespace
                and pg_has_role(session_user, c.relowner, 'MEMBER')) as owner,
        pg_has_role(session_user, ${TENANT_ROLE}, 'MEMBER') as member
      from pg_roles r where r.rolname = session_user`.execute(db.kysely);
    return rows[0];
  });
  if (!facts) throw new ConfigError(['DATABASE_TENANT_URL: its role could not be read']);
  const problems: string[] = [];
  const login = `DATABASE_TENANT_URL logs in as ${facts.login}`;
  if (facts.superuser) problems.push(`${login}, a superuser: row-level security does not apply to it`);
  if (facts.bypassrls) problems.push(`${login}, which has BYPASSRLS`);
  if (facts.owner) problems.push(`${login}, which owns the tables (or is a member of their owner)`);
  if (!facts.member)
    problems.push(
      `${login}, which is not a member of ${TENANT_ROLE} (grant ${TENANT_ROLE} to ${facts.login})`,
    );
  if (problems.length) throw new ConfigError(problems);
}
