/**
 * The database dropped under a running instance and recreated empty: while it is gone the API
 * answers 503 with Retry-After (never 500) and /readyz says unreachable; once it is back, the
 * instance (built as `serve` builds it) applies the migrations itself and serves again, with no
 * restart. PostgreSQL only (the embedded database cannot be dropped under the process): runs when
 * TEST_DATABASE_URL is set, as in CI.
 */
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createScratchDatabase, OWN_DATABASE_NOT_ON_CLUSTER } from '../ops/fresh-db.js';
import { newCompany, TEST_SECRET } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { type Db, openDb } from './connect.js';
import { listMigrations, migrate } from './migrate.js';

async function onServer(statement: string) {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

// Drops and recreates a database of its own: not on the Citus stage (see OWN_DATABASE_NOT_ON_CLUSTER).
describe.skipIf(!process.env.TEST_DATABASE_URL || OWN_DATABASE_NOT_ON_CLUSTER)(
  'a database dropped and recreated under a running instance',
  () => {
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
    let db: Db;
    let app: FastifyInstance;
    beforeAll(async () => {
      scratch = await createScratchDatabase();
      db = await openDb({ engine: 'postgres', url: scratch.url, poolSize: 2, acquireTimeoutMs: 2000 });
      await migrate(db);
      const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false' });
      app = await buildApp({ config, db, secret: TEST_SECRET }, { applyPendingMigrations: true });
      await app.ready();
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await db?.close();
      await scratch?.drop();
    }, 60_000);

    it('answers 503 while it is gone, then migrates it and serves again without a restart', async () => {
      const company = newCompany();
      const read = async () => app.inject({ url: '/api/v1/events', headers: await company.auth('admin') });
      const ingest = async () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/events',
          headers: await company.auth('integration'),
          payload: eventInput(),
        });
      expect((await ingest()).statusCode).toBe(201);
      expect((await read()).json().items).toHaveLength(1);

      const name = new URL(scratch.url).pathname.slice(1);
      await onServer(`drop database ${name} with (force)`);
      for (let i = 0; i < 3; i++) {
        const gone = await read();
        expect(gone.statusCode).toBe(503);
        expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(Number(gone.headers['retry-after'])).toBeGreaterThan(0);
      }
      const unready = await app.inject({ url: '/readyz' });
      expect(unready.statusCode).toBe(503);
      expect(unready.json().checks.database).toBe('unreachable');

      await onServer(`create database ${name}`); // empty: no tables, no migrations
      const seen = new Set<number>();
      let res = await read();
      for (let i = 0; i < 100 && res.statusCode !== 200; i++) {
        seen.add(res.statusCode);
        await new Promise((r) => setTimeout(r, 200));
        res = await read();
      }
      expect([...seen].filter((s) => s !== 503)).toEqual([]); // never a 500 on the way back
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]); // the new, empty database
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      const applied = await db.kysely
        .selectFrom('schema_migrations')
        .select('name')
        .orderBy('name')
        .execute();
      expect(applied.map((r) => r.name)).toEqual(listMigrations());
      expect((await ingest()).statusCode).toBe(201);
      expect((await read()).json().items).toHaveLength(1);
    }, 120_000);
  },
);
