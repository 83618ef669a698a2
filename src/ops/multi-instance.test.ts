/**
 * Two real server processes on one PostgreSQL database, started together: migrations apply once,
 * and an event ingested through one instance is read through the other. Needs a PostgreSQL server:
 * runs when TEST_DATABASE_URL is set (CI sets it); PGlite is one process by design. With the
 * suite's tenant login (src/test/tenant-login.ts) the servers get DATABASE_TENANT_URL, as the
 * README recommends for production, and their request work is seen to log in as it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../auth/tokens.js';
import { type Db, openDb } from '../db/connect.js';
import { listMigrations } from '../db/migrate.js';
import { TEST_SECRET } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { sameLoginOn, testTenantUrl } from '../test/tenant-login.js';
import { createScratchDatabase } from './fresh-db.js';
import { type ServerProcess, startServer, waitUntilReady } from './server-process.js';

describe.skipIf(!process.env.TEST_DATABASE_URL)('several instances on one PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let servers: ServerProcess[] = [];
  let db: Db;
  const tenantUrl = testTenantUrl();
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const env = {
      DATABASE_URL: scratch.url,
      ...(tenantUrl ? { DATABASE_TENANT_URL: sameLoginOn(tenantUrl, scratch.url) } : {}),
      AUTH_JWT_SECRET: TEST_SECRET,
      DEMO_MODE: 'false',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'info',
      DB_POOL_SIZE: '2',
    };
    // Started together on an empty database: both race to migrate it. Each keeps its own
    // analytics replica (ANALYTICS_DIR), fed from the shared change log.
    const own = () => ({ ...env, ANALYTICS_DIR: mkdtempSync(join(tmpdir(), 'crm-instance-analytics-')) });
    servers = await Promise.all([startServer(own()), startServer(own())]);
    await Promise.all(servers.map((s) => waitUntilReady(s)));
    db = await openDb({ engine: 'postgres', url: scratch.url, poolSize: 1 });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.close();
    await scratch?.drop();
  }, 60_000);

  it('applied each migration exactly once between them', async () => {
    const applied = servers.flatMap((s) =>
      s.logs.filter((l) => l.msg === 'applied migrations').flatMap((l) => l.migrations as string[]),
    );
    expect(applied.sort()).toEqual(listMigrations());
    const rows = await db.kysely.selectFrom('schema_migrations').select('name').orderBy('name').execute();
    expect(rows.map((r) => r.name)).toEqual(listMigrations());
  });

  it('lists on one instance an event ingested through the other', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const companyId = randomUUID();
    const token = (role: 'integration' | 'admin') =>
      signToken(TEST_SECRET, { userId: randomUUID(), companyId, role, teamId: null });
    const input = eventInput({ external_id: `multi-${randomUUID()}` });
    const created = await fetch(`${a.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('integration')}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const readHeaders = { authorization: `Bearer ${await token('admin')}` };
    const listed = await fetch(`${b.url}/api/v1/events`, { headers: readHeaders });
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { items: Array<{ id: string; event_title: string }> };
    expect(page.items.map((e) => e.id)).toEqual([id]);
    expect(page.items[0]?.event_title).toBe(input.event_title);

    // The same event re-sent to the other instance is recognized as a duplicate.
    const resent = await fetch(`${b.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('integration')}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(resent.status).toBe(200);
    expect(((await resent.json()) as { id: string }).id).toBe(id);

    // The requests' connections (still in the servers' pools) logged in as the tenant login role.
    if (tenantUrl) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and usename = ${decodeURIComponent(new URL(tenantUrl).username)}`.execute(
        db.kysely,
      );
      expect(rows[0]?.n).toBeGreaterThan(0);
    }

    // Each instance's analytics replica follows the shared change log: both count the event.
    for (const s of servers) {
      const res = await fetch(`${s.url}/api/v1/analytics/volume?dimension=none&from=2000-01-01T00:00:00Z`, {
        headers: readHeaders,
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { total: number; freshness: { seq: number; lag: number } };
      expect(body.total).toBe(1);
      expect(body.freshness).toMatchObject({ seq: 1, lag: 0 });
    }
  });

  it('reports each instance ready and its own metrics', async () => {
    for (const s of servers) {
      const ready = await fetch(`${s.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { checks: { analytics: string } }).checks.analytics).toBe('following');
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toContain('db_pool_connections_total');
      expect(metrics).toContain('analytics_replica_lag_changes');
    }
  });
});
