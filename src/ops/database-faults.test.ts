/**
 * A real server process on its own PostgreSQL database while every one of its connections is
 * terminated again and again (pg_terminate_backend, as a failover or a proxy's idle timeout would)
 * during concurrent 2,000-event batches and a live stream. The process must live; a batch answers
 * 200 or 503 problem+json with Retry-After (never 500), and is retried on 503 as a client would;
 * every acknowledged event is stored exactly once; the stream client, reconnecting with its
 * Last-Event-ID whenever the server ends its stream, receives every stored event exactly once; the
 * analytics replica keeps following. PostgreSQL only (PGlite has no connections to lose): runs
 * when TEST_DATABASE_URL is set, as in CI.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../auth/tokens.js';
import { openStream, type SseConnection } from '../stream/testing/sse-client.js';
import { TEST_SECRET } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { createScratchDatabase } from './fresh-db.js';
import { type ServerProcess, startServer, waitUntilReady } from './server-process.js';

const POSTERS = 3;
const BATCHES = 3;
const BATCH = 2000;
const KILL_ROUNDS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL dropping connections under load', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let server: ServerProcess;
  let admin: pg.Client;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    server = await startServer({
      DATABASE_URL: scratch.url,
      AUTH_JWT_SECRET: TEST_SECRET,
      DEMO_MODE: 'false',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '4',
      ANALYTICS_DIR: mkdtempSync(join(tmpdir(), 'crm-faults-analytics-')),
    });
    await waitUntilReady(server);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await admin?.end();
    await scratch?.drop();
  }, 60_000);

  it('lives, stores each acknowledged event once, answers 503 not 500, and the stream loses nothing', async () => {
    const companyId = randomUUID();
    const token = (role: 'integration' | 'admin') =>
      signToken(TEST_SECRET, { userId: randomUUID(), companyId, role, teamId: null });
    const ingestAuth = { authorization: `Bearer ${await token('integration')}` };
    const readAuth = { authorization: `Bearer ${await token('admin')}` };
    const dbName = new URL(scratch.url).pathname.slice(1);

    // The stream client: counts each event id it receives; reconnects with Last-Event-ID like EventSource.
    const received = new Map<string, number>();
    let lastId = '0';
    let streamConnects = 0;
    let following = true;
    let current: SseConnection | undefined;
    const follow = (async () => {
      while (following) {
        const c = await openStream(`${server.url}/api/v1/stream`, {
          headers: { ...readAuth, 'last-event-id': lastId },
          keep: false,
          onMessage: (m) => {
            if (m.event === 'event.created') {
              const { id } = JSON.parse(m.data) as { id: string };
              received.set(id, (received.get(id) ?? 0) + 1);
            }
            if (m.id !== undefined) lastId = m.id;
          },
        }).catch(() => undefined);
        current = c;
        if (c?.status === 200) streamConnects++;
        await c?.body; // until the server ends the stream (its feed failed) or we close it
        if (following) await sleep(100);
      }
    })();

    // The faults: terminate every backend of the database, again and again, while ingest runs.
    let ingesting = true;
    let terminated = 0;
    const killer = (async () => {
      const killerClient = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await killerClient.connect();
      try {
        // Irregular intervals, some shorter and some longer than a batch takes, so faults land in
        // every phase (mid-transaction, at commit, between batches) and batches still get through.
        for (let round = 0; round < KILL_ROUNDS && ingesting; round++) {
          await sleep(200 + Math.random() * 1300);
          const r = await killerClient.query(
            'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
            [dbName],
          );
          terminated += r.rowCount ?? 0;
        }
      } finally {
        await killerClient.end();
      }
    })();

    const acknowledged = new Map<string, string>(); // external_id → id the server answered
    const unexpected: string[] = [];
    let unavailable = 0;
    const post = async (items: ReturnType<typeof eventInput>[]) => {
      for (;;) {
        const res = await fetch(`${server.url}/api/v1/events/batch`, {
          method: 'POST',
          headers: { ...ingestAuth, 'content-type': 'application/json' },
          body: JSON.stringify(items),
        }).catch((error: Error) => error);
        if (res instanceof Error) {
          unexpected.push(`network: ${res.message}`);
          return;
        }
        if (res.status === 503) {
          const problem = (await res.json()) as { status: number };
          if (
            !res.headers.get('content-type')?.startsWith('application/problem+json') ||
            problem.status !== 503
          )
            unexpected.push('503 without problem+json');
          const retryAfter = Number(res.headers.get('retry-after'));
          if (!(retryAfter > 0)) unexpected.push('503 without Retry-After');
          unavailable++;
          await sleep(50); // a real client waits Retry-After; the test need not
          continue;
        }
        if (res.status !== 200) {
          unexpected.push(`${res.status}: ${await res.text()}`);
          return;
        }
        const body = (await res.json()) as { results: Array<{ index: number; status: number; id: string }> };
        for (const r of body.results) {
          if (r.status !== 201 && r.status !== 200) unexpected.push(`item ${r.status}`);
          acknowledged.set(items[r.index]?.external_id as string, r.id);
        }
        return;
      }
    };
    await Promise.all(
      Array.from({ length: POSTERS }, async (_, p) => {
        for (let b = 0; b < BATCHES; b++) {
          await post(
            Array.from({ length: BATCH }, (_, i) => eventInput({ external_id: `f-${p}-${b}-${i}` })),
          );
        }
      }),
    );
    ingesting = false;
    await killer;

    expect(unexpected).toEqual([]);
    expect(terminated).toBeGreaterThan(0);
    console.info(
      `faults: ${terminated} backends terminated, ${unavailable} batches answered 503 and were retried`,
    );

    admin = new pg.Client({ connectionString: scratch.url }); // only now: the killer would end it too
    await admin.connect();

    // The process lived through it.
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.logs.filter((l) => l.msg === 'unhandled error')).toEqual([]);

    // Every acknowledged event is stored, exactly once, under the id the server answered.
    const { rows } = await admin.query<{ id: string; external_id: string }>(
      'select id, external_id from crm_activity_events where company_id = $1',
      [companyId],
    );
    expect(acknowledged.size).toBe(POSTERS * BATCHES * BATCH);
    expect(rows).toHaveLength(acknowledged.size);
    const stored = new Map(rows.map((r) => [r.external_id, r.id]));
    expect(stored).toEqual(acknowledged);

    // The stream delivers every stored event, each once, across its reconnections.
    for (let i = 0; i < 600 && received.size < rows.length; i++) await sleep(100);
    following = false;
    current?.close();
    expect(received.size).toBe(rows.length);
    for (const r of rows) expect(received.get(r.id), r.id).toBe(1);
    await follow;
    console.info(`faults: the stream client connected ${streamConnects} times`);

    // The analytics replica's follower survived and caught up with everything.
    let total = -1;
    for (let i = 0; i < 120 && total !== rows.length; i++) {
      const res = await fetch(
        `${server.url}/api/v1/analytics/volume?dimension=none&from=2000-01-01T00:00:00Z`,
        {
          headers: readAuth,
        },
      );
      if (res.status === 200) total = ((await res.json()) as { total: number }).total;
      if (total !== rows.length) await sleep(500);
    }
    expect(total).toBe(rows.length);
  }, 300_000);
});
