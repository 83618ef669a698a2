import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { describeApp, TEST_SECRET } from '../test/app.js';
import { ENGINES, openTestDb } from '../test/engines.js';
import { OWN_DATABASE_NOT_ON_CLUSTER, openFreshDb } from './fresh-db.js';

describeApp('health and readiness', (t) => {
  it('answers /healthz and /readyz without a token and without data', async () => {
    const health = await t.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers['cache-control']).toBe('no-store');
    expect(ready.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', migrations: 'ok', shutdown: 'no' },
    });
  });

  it('is not ready while shutting down', async () => {
    t.app.readiness.shuttingDown = true;
    try {
      const ready = await t.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.shutdown).toBe('in progress');
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      t.app.readiness.shuttingDown = false;
    }
  });
});

/*
 * Each test below builds an app of its own. The first needs an unmigrated database of its own
 * (openFreshDb) and is skipped on the Citus stage (OWN_DATABASE_NOT_ON_CLUSTER), where a new
 * database on the coordinator has no Citus (12.1 does not propagate CREATE DATABASE) and a test on
 * it would only repeat the plain PostgreSQL run. The other two need only a handle or an app of their
 * own to close, on the shared database (openTestDb), so they run on the cluster too.
 */
for (const engine of ENGINES) {
  describe(`readiness of a database in trouble [${engine}]`, () => {
    const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false' });
    const opened: Array<{ close(): Promise<void> }> = [];
    afterAll(async () => {
      for (const f of opened) await f.close();
    });

    it('is not ready until the migrations are applied, then ready', async ({ skip }) => {
      // The shared test database is migrated (and on the cluster distributed) for every other file.
      skip(OWN_DATABASE_NOT_ON_CLUSTER, 'needs an unmigrated database (the shared one is migrated)');
      const fresh = await openFreshDb(engine);
      opened.push(fresh);
      const app = await buildApp({ config, db: fresh.db, secret: TEST_SECRET });
      try {
        const before = await app.inject({ url: '/readyz' });
        expect(before.statusCode).toBe(503);
        expect(before.json().checks).toEqual({ database: 'ok', migrations: 'pending', shutdown: 'no' });
        await migrate(fresh.db);
        expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    }, 120_000);

    it('is not ready when the database is unreachable, and says so without details', async () => {
      // The outage is the app's own handle closed; the database itself is left as it was.
      const db = await openTestDb(engine);
      const app = await buildApp({ config, db, secret: TEST_SECRET });
      try {
        await db.close();
        const res = await app.inject({ url: '/readyz' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toEqual({
          status: 'unavailable',
          checks: { database: 'unreachable', migrations: 'unknown', shutdown: 'no' },
        });
      } finally {
        await app.close();
      }
    }, 120_000);

    it('turns unready when the app starts closing', async () => {
      // Nothing is done to the database: the test closes an app of its own.
      const db = await openTestDb(engine);
      opened.push(db);
      const app = await buildApp({ config, db, secret: TEST_SECRET });
      await app.ready();
      expect(app.readiness.shuttingDown).toBe(false);
      await app.close();
      expect(app.readiness.shuttingDown).toBe(true);
    }, 120_000);
  });
}
