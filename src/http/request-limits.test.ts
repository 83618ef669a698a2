/**
 * Time limits on database work: a read past DB_READ_TIMEOUT_MS, a statement past the server-side
 * statement_timeout, a wait for a pool connection past DB_POOL_ACQUIRE_TIMEOUT_MS all answer 503
 * problem+json with Retry-After (never 500), and a client that hangs up has its statement
 * cancelled. A table lock held by another connection makes a real route's statement wait, so
 * nothing here depends on how fast the machine is.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { type Db, openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { StatementCancelled, withLimits } from '../db/statement-limits.js';
import { createScratchDatabase } from '../ops/fresh-db.js';
import { newCompany, TEST_SECRET } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { pgliteTemplate } from '../test/pglite-templates.js';

const appFor = async (db: Db, env: Record<string, string> = {}) => {
  const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false', ...env });
  const app = await buildApp({ config, db, secret: TEST_SECRET });
  await app.ready();
  return app;
};

function expectUnavailable(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(res.statusCode).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  const body = res.json() as { status: number; type: string; detail: string };
  expect(body).toMatchObject({ status: 503, type: expect.stringMatching(/unavailable$/) });
  return body.detail;
}

describe('request time limits [pglite]', () => {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await openDb({ engine: 'pglite', from: pgliteTemplate('migrated') });
    await migrate(db);
    app = await appFor(db, { DB_READ_TIMEOUT_MS: '200' });
    // A copy starts with cold catalogue caches (a database migrated here had them warm): a first
    // read of the events may take longer than the 200 ms this file gives reads on a busy machine.
    await app.inject({ url: '/api/v1/events', headers: await newCompany().auth('admin') });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('a read whose time ran out while it waited for the engine starts no statement: 503', async () => {
    const company = newCompany();
    // The embedded engine has one connection: a transaction holding it makes the read wait.
    let release!: () => void;
    const holding = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const held = new Promise<void>((r) => {
      started = r;
    });
    const transaction = db.kysely.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      started();
      await holding;
    });
    await held;
    const reading = app.inject({ url: '/api/v1/events', headers: await company.auth('admin') });
    setTimeout(release, 600);
    const res = await reading;
    await transaction;
    expect(expectUnavailable(res)).toMatch(/longer than its limit \(200 ms\)/);
    // Nothing stuck: the next read is served.
    expect(
      (await app.inject({ url: '/api/v1/events', headers: await company.auth('admin') })).statusCode,
    ).toBe(200);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('request time limits [postgres]', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const opened: Array<{ close(): Promise<unknown> }> = [];
  let admin: pg.Client;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const db = await openDb({ engine: 'postgres', url: scratch.url, poolSize: 1 });
    await migrate(db);
    await db.close();
    admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
    await admin?.end();
    await scratch?.drop();
  }, 60_000);

  const open = async (options: {
    poolSize?: number;
    statementTimeoutMs?: number;
    acquireTimeoutMs?: number;
  }) => {
    const db = await openDb({ engine: 'postgres', url: scratch.url, poolSize: 2, ...options });
    opened.push(db);
    return db;
  };
  const build = async (db: Db, env: Record<string, string> = {}) => {
    const app = await appFor(db, env);
    opened.push(app);
    return app;
  };
  /** Another session holds the events table: every statement on it waits until `unlock`. */
  const lockEvents = async () => {
    const locker = new pg.Client({ connectionString: scratch.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table crm_activity_events in access exclusive mode');
    return async () => {
      await locker.query('rollback');
      await locker.end();
    };
  };
  const waitingOnLock = async () =>
    (
      await admin.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and state = 'active'`,
      )
    ).rows.map((r) => r.pid);

  it('a read past DB_READ_TIMEOUT_MS is cancelled on the server and answers 503', async () => {
    const app = await build(await open({}), { DB_READ_TIMEOUT_MS: '300' });
    const company = newCompany();
    const unlock = await lockEvents();
    try {
      const res = await app.inject({ url: '/api/v1/events', headers: await company.auth('admin') });
      expect(expectUnavailable(res)).toMatch(/longer than its limit \(300 ms\)/);
      expect(await waitingOnLock()).toEqual([]); // cancelled, not left waiting for the lock
    } finally {
      await unlock();
    }
    const after = await app.inject({ url: '/api/v1/events', headers: await company.auth('admin') });
    expect(after.statusCode).toBe(200);
  });

  it('a statement past the server-side statement_timeout answers 503', async () => {
    // A write: no request deadline, only DB_STATEMENT_TIMEOUT_MS.
    const app = await build(await open({ statementTimeoutMs: 300 }), { DB_READ_TIMEOUT_MS: '60000' });
    const company = newCompany();
    const unlock = await lockEvents();
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: await company.auth('integration'),
        payload: eventInput(),
      });
      expect(expectUnavailable(res)).toMatch(/past its time limit/);
    } finally {
      await unlock();
    }
    const stored = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: await company.auth('integration'),
      payload: eventInput(),
    });
    expect(stored.statusCode).toBe(201);
  });

  it('waiting for a pool connection past DB_POOL_ACQUIRE_TIMEOUT_MS answers 503', async () => {
    const db = await open({ poolSize: 1, acquireTimeoutMs: 200 });
    const app = await build(db);
    const company = newCompany();
    const held = await (db.pool as pg.Pool).connect();
    try {
      const res = await app.inject({ url: '/api/v1/events', headers: await company.auth('admin') });
      expect(expectUnavailable(res)).toMatch(/connection is busy/);
    } finally {
      held.release();
    }
    expect(
      (await app.inject({ url: '/api/v1/events', headers: await company.auth('admin') })).statusCode,
    ).toBe(200);
  });

  it('a transaction cut short between statements is rolled back, not returned to the pool open', async () => {
    const db = await open({ poolSize: 1 });
    const gone = new AbortController();
    const failed = await withLimits({ signal: gone.signal }, () =>
      db.kysely.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        gone.abort(); // the client hangs up between two statements
        await sql`select 2`.execute(trx);
      }),
    ).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StatementCancelled);
    // The pool's only connection, next borrower: it is in no transaction of the earlier request.
    const { rows } = await sql<{ fresh: boolean }>`
      select xact_start = query_start as fresh from pg_stat_activity where pid = pg_backend_pid()`.execute(
      db.kysely,
    );
    expect(rows).toEqual([{ fresh: true }]);
  });

  it('a client that hangs up has its running statement cancelled', async () => {
    const app = await build(await open({}), { DB_READ_TIMEOUT_MS: '600000' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const company = newCompany();
    const unlock = await lockEvents();
    try {
      const request = http.get({
        host: '127.0.0.1',
        port,
        path: '/api/v1/events',
        headers: await company.auth('admin'),
      });
      request.on('error', () => {}); // we hang up ourselves
      let waiting: number[] = [];
      for (let i = 0; i < 200 && waiting.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 25));
        waiting = await waitingOnLock();
      }
      expect(waiting).toHaveLength(1); // the read is blocked on the lock, in PostgreSQL
      request.destroy();
      // Without the cancel it would wait as long as the lock is held (all of this test).
      for (let i = 0; i < 200 && waiting.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 25));
        waiting = await waitingOnLock();
      }
      expect(waiting).toEqual([]);
    } finally {
      await unlock();
    }
  });
});
