/**
 * Tenant isolation inside the database (migration 0044, tenant-context.ts): row-level security is
 * the second wall behind every query's company filter. A query that forgets the filter still reads
 * and writes only the company it runs for; a tenant connection without a company sees nothing;
 * every tenant table is covered (a table added later without a policy fails here).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { describeApp, newCompany, TEST_SECRET, type TestCompany } from '../test/app.js';
import { testTenantUrl } from '../test/tenant-login.js';
import { withTenant } from './tenant-context.js';

describeApp('tenant isolation by row-level security', (t) => {
  /** `n` events for `co` through the API (which also creates the company's other rows). */
  async function ingest(co: TestCompany, n: number) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: Array.from({ length: n }, (_, i) => ({
        customer_id: randomUUID(),
        user_id: randomUUID(),
        event_type: 'note',
        event_source: 'manual',
        event_title: `note ${i}`,
        event_timestamp: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
      })),
    });
    expect(res.json().stored).toBe(n);
  }
  const countFor = async (company: string) =>
    (
      await t.db.kysely
        .selectFrom('crm_activity_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('company_id', '=', company)
        .executeTakeFirstOrThrow()
    ).n;

  it('a query that forgets its company filter reads and writes only the company it runs for', async () => {
    const [a, b] = [newCompany(), newCompany()];
    await ingest(a, 3);
    await ingest(b, 2);
    // No company filter at all: as A's tenant, only A's three events exist.
    const seen = await withTenant(a.id, () =>
      t.db.kysely.selectFrom('crm_activity_events').select(['company_id']).execute(),
    );
    expect(seen.map((r) => r.company_id)).toEqual([a.id, a.id, a.id]);
    const touched = await withTenant(a.id, () =>
      t.db.kysely.updateTable('crm_activity_events').set({ priority: 'low' }).executeTakeFirst(),
    );
    expect(Number(touched.numUpdatedRows)).toBe(3);
    const priorities = await t.db.kysely // as the owner: B's rows are untouched
      .selectFrom('crm_activity_events')
      .select('priority')
      .where('company_id', '=', b.id)
      .execute();
    expect(priorities.map((r) => r.priority)).toEqual(['normal', 'normal']);
    // Writing a row of another company is refused, not stored.
    const foreign = withTenant(a.id, () =>
      t.db.kysely.insertInto('companies').values({ id: randomUUID(), name: 'Other' }).execute(),
    );
    await expect(foreign).rejects.toThrow(/row-level security/);
    expect([await countFor(a.id), await countFor(b.id)]).toEqual([3, 2]);
  }, 60_000);

  it("a request's database work runs as the tenant role with the caller's company", async () => {
    const tenantLogin = t.engine === 'postgres' ? testTenantUrl() : undefined;
    const app = await buildApp({
      config: loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false' }),
      db: t.db,
      secret: TEST_SECRET,
    });
    const whoami = async (request: { scope: { db: typeof t.db.kysely } }) =>
      (
        await sql<{ role: string; company: string; login: string }>`select current_user as role,
          current_setting('app.company_id', true) as company, session_user as login`.execute(request.scope.db)
      ).rows[0];
    app.get('/api/v1/test/whoami', whoami);
    app.post('/api/v1/test/whoami', whoami); // a parsed body must not lose the context
    await app.ready();
    try {
      const co = newCompany();
      const headers = await co.auth('rep');
      for (const method of ['GET', 'POST'] as const) {
        const res = await app.inject({
          method,
          url: '/api/v1/test/whoami',
          headers,
          payload: method === 'POST' ? {} : undefined,
        });
        // On PostgreSQL the suite connects request work as its tenant login (test/tenant-login.ts).
        expect(res.json(), method).toEqual({
          role: 'crm_tenant',
          company: co.id,
          login: tenantLogin ? decodeURIComponent(new URL(tenantLogin).username) : expect.any(String),
        });
      }
    } finally {
      await app.close();
    }
  }, 60_000);

  it('a tenant connection without a company sees nothing', async () => {
    const co = newCompany();
    await ingest(co, 2);
    const counts = await t.db.kysely.transaction().execute(async (trx) => {
      await sql`set local role crm_tenant`.execute(trx);
      const n = async (table: string) =>
        (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx)).rows[0]
          ?.n;
      return [await n('crm_activity_events'), await n('event_changes'), await n('companies')];
    });
    expect(counts).toEqual([0, 0, 0]);
    expect(await countFor(co.id)).toBe(2); // the owner, for comparison
  }, 60_000);

  it('the tenant role may append to the audit trail but neither change it nor lift its trigger', async () => {
    const co = newCompany();
    await ingest(co, 1);
    const attempt = (statement: ReturnType<typeof sql>) =>
      t.db.kysely.transaction().execute(async (trx) => {
        await sql`select set_config('app.company_id', ${co.id}, true)`.execute(trx);
        await sql`set local role crm_tenant`.execute(trx);
        await statement.execute(trx);
      });
    await expect(attempt(sql`update audit_log set action = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(attempt(sql`delete from audit_log`)).rejects.toThrow(/permission denied/);
    await expect(attempt(sql`alter table audit_log disable trigger audit_log_append_only`)).rejects.toThrow(
      /owner|permission denied/,
    );
    // Read as requests read (withTenant): on Citus the company must reach the workers' shards.
    const seen = await withTenant(
      co.id,
      async () =>
        (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(t.db.kysely)).rows[0]?.n,
    );
    expect(seen).toBe(1); // the ingest batch's one entry, read under the caller's company
  }, 60_000);

  it('every table with a company_id, and companies, has row-level security with a policy', async () => {
    const { rows } = await sql<{ table: string; rls: boolean; policies: number }>`
      select c.relname as table, c.relrowsecurity as rls,
        (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c
      where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
        and (c.relname = 'companies' or exists (select 1 from pg_attribute a
          where a.attrelid = c.oid and a.attname = 'company_id' and not a.attisdropped))
      order by 1`.execute(t.db.kysely);
    expect(rows.length).toBeGreaterThan(8);
    expect(rows.filter((r) => !r.rls || r.policies === 0)).toEqual([]);
  });
});
