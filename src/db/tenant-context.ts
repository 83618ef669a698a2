/**
 * Tenant isolation inside the database (migration 0044): the company a piece of work belongs to,
 * carried like the statement limits (an AsyncLocalStorage set once at the edge), and applied by
 * both engines' drivers to each connection they hand out — `SET ROLE crm_tenant` (a role row-level
 * security applies to) and `app.company_id` — so a query that forgets its company filter still
 * reads and writes only that company's rows. Work outside any request (migrations, LISTEN/NOTIFY,
 * the change-log followers, the stream's shared feeds, CLI operations) runs as the connecting
 * owner role, as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const tenant = new AsyncLocalStorage<string>();

/** The company of the running work; undefined outside any request (owner work). */
export const currentTenant = (): string | undefined => tenant.getStore();

/** Runs `fn` (and everything it starts) as `companyId`'s tenant. */
export const withTenant = <T>(companyId: string, fn: () => T): T => tenant.run(companyId, fn);

/** Runs `fn` as the owner: for work shared by companies (outsideRequest enters it too). */
export const outsideTenant = <T>(fn: () => T): T => tenant.exit(fn);

/** The role request work runs as (created by migration 0044). */
export const TENANT_ROLE = 'crm_tenant';

/** What a connection is set to: a company as crm_tenant, or '' as the owner. */
export type ConnectionContext = string;
export const OWNER: ConnectionContext = '';

/**
 * The statement that moves a connection into `context` (session-level, outside any transaction,
 * so it holds until the next checkout changes it): the tenant role and company, or back to the
 * owner with no company.
 */
export function contextStatement(context: ConnectionContext): { sql: string; parameters: unknown[] } {
  return context === OWNER
    ? {
        sql: "select set_config('app.company_id', '', false), set_config('role', 'none', false)",
        parameters: [],
      }
    : {
        sql: `select set_config('role', '${TENANT_ROLE}', false), set_config('app.company_id', $1, false)`,
        parameters: [context],
      };
}

/**
 * What starts a tenant's transaction on a Citus coordinator: `begin` and the company as SET LOCAL,
 * in one simple query. SET LOCAL is what reaches the workers' connections (with
 * citus.propagate_set_commands = 'local', set here so the cluster needs no configuration for it),
 * where the shards' row-level security reads it. Plain PostgreSQL needs none of it: the session's
 * setting (contextStatement) holds. The id is a uuid checked here, so it is safe to write inline.
 */
export function transactionContextStatement(companyId: string): string {
  if (!UUID.test(companyId)) throw new Error('tenant context: not a uuid');
  return `begin; set local citus.propagate_set_commands = 'local'; set local app.company_id = '${companyId}'`;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
