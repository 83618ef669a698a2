/**
 * DATABASE_TENANT_URL (PostgreSQL only; PGlite has one session, its superuser's): request work logs
 * in as a role that is neither owner, superuser nor BYPASSRLS, so a request statement that resets
 * its role still reads only its company's rows and still cannot touch the audit trail. Without it,
 * the same statement on the owner's connection leaves the policies behind (why the setting exists).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { newCompany, TEST_SECRET } from '../test/app.js';
import { type Db, openDb } from './connect.js';
import { migrate } from './migrate.js';
import { assertTenantLogin } from './tenant-login.js';

const url = process.env.TEST_DATABASE_URL;
const login = `crm_app_test_${randomUUID().slice(0, 8)}`;
const asLogin = (role: string) => {
  const u = new URL(url as string);
  u.username = role;
  return u.toString();
};

/** An app whose test route resets the role, then counts events and tries to edit the audit trail. */
async function escapeAttempt(db: Db) {
  const app = await buildApp({
    config: loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false' }),
    db,
    secret: TEST_SECRET,
  });
  app.get('/api/v1/test/escape', async (request) => {
    const k = request.scope.db;
    return k.connection().execute(async (c) => {
      await sql`reset role`.execute(c);
      const who = (await sql<{ who: string }>`select current_user as who`.execute(c)).rows[0]?.who;
      const companies = await sql<{ n: number }>`select count(distinct company_id)::int as n
        from crm_activity_events`.execute(c);
      const audit = await sql`update audit_log set action = action where false`.execute(c).then(
        () => 'allowed',
        (error: Error) => error.message,
      );
      return { who, companies: companies.rows[0]?.n, audit };
    });
  });
  await app.ready();
  return app;
}

describe.runIf(url)('request work as a login role without BYPASSRLS [postgres]', () => {
  let owner: Db;
  beforeAll(async () => {
    owner = await openDb({ engine: 'postgres', url: url as string, poolSize: 2 });
    await migrate(owner);
    await sql`create role ${sql.id(login)} login in role crm_tenant`.execute(owner.kysely);
  }, 120_000);
  afterAll(async () => {
    await sql`drop role if exists ${sql.id(login)}`.execute(owner.kysely);
    await owner.close();
  });

  it('a request that resets its role still sees one company and cannot edit the audit trail', async () => {
    // Two companies' events exist, so "one company" is a finding, not an empty table.
    for (const co of [newCompany(), newCompany()]) {
      await sql`insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
          event_title, event_timestamp, seq)
        values (${co.id}, ${randomUUID()}, ${randomUUID()}, ${randomUUID()}, 'note', 'manual', 'x', now(), 1)`.execute(
        owner.kysely,
      );
    }
    const co = newCompany();
    const headers = await co.auth('rep');
    await sql`insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
        event_title, event_timestamp, seq)
      values (${co.id}, ${randomUUID()}, ${randomUUID()}, ${randomUUID()}, 'note', 'manual', 'x', now(), 1)`.execute(
      owner.kysely,
    );

    const tenantDb = await openDb({
      engine: 'postgres',
      url: url as string,
      tenantUrl: asLogin(login),
      poolSize: 2,
    });
    try {
      await assertTenantLogin(tenantDb);
      const app = await escapeAttempt(tenantDb);
      const res = (await app.inject({ url: '/api/v1/test/escape', headers })).json();
      await app.close();
      expect(res.who).toBe(login);
      expect(res.companies).toBe(1);
      expect(res.audit).toMatch(/permission denied/);
    } finally {
      await tenantDb.close();
    }

    // The same request on the owner's connections (no DATABASE_TENANT_URL) leaves the wall behind.
    const app = await escapeAttempt(owner);
    const res = (await app.inject({ url: '/api/v1/test/escape', headers })).json();
    await app.close();
    expect(res.companies).toBeGreaterThan(1);
    expect(res.audit).toBe('allowed');
  }, 60_000);

  it('start-up refuses a tenant URL that logs in as the owner', async () => {
    const wrong = await openDb({
      engine: 'postgres',
      url: url as string,
      tenantUrl: url as string,
      poolSize: 1,
    });
    try {
      await expect(assertTenantLogin(wrong)).rejects.toThrow(ConfigError);
      await expect(assertTenantLogin(wrong)).rejects.toThrow(/superuser|owns the tables/);
    } finally {
      await wrong.close();
    }
  }, 60_000);
});
