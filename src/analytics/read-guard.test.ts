/**
 * The guard on analytics reads: a query past its time limit answers 503 with Retry-After; a client
 * that hangs up stops its query; one company's burst beyond its queue gets 429 while another
 * company and the timeline are served; `min_seq` reads a write; every response says how fresh it
 * is; and the replica answers one company's figures only.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { insertEvents } from '../events/queries/write-events.js';
import { newCompany, TEST_SECRET } from '../test/app.js';
import { describeEngines } from '../test/engines.js';
import { newEventRow } from '../test/factories.js';
import { QueryInterrupted, queryReplica } from './replica/query.js';

// A statement that runs for many seconds unless interrupted (a recursive count to a billion).
const SLOW =
  'with recursive r(n) as (select 1 union all select n + 1 from r where n < 1000000000) select count(*) as n from r';

describeEngines('analytics read guard', (t) => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    const config = loadConfig({
      DEMO_MODE: 'false',
      SERVE_WEB: 'false',
      ANALYTICS_QUERY_TIMEOUT: '1',
      ANALYTICS_COMPANY_CONCURRENCY: '1',
      ANALYTICS_COMPANY_QUEUE: '1',
    });
    app = await buildApp({ config, db: t.db, secret: TEST_SECRET });
    // A deliberately slow analytics route (test only), under the same guard as every KPI.
    await app.register(async (api) => {
      const slowQuery = async (request: { scope: Parameters<typeof queryReplica>[0] }) => {
        try {
          return await queryReplica(request.scope, () => SLOW);
        } catch (error) {
          if (error instanceof QueryInterrupted) seen.push(error.reason);
          throw error;
        }
      };
      api.get('/api/v1/analytics/test-slow', slowQuery);
      // With a body, like the report builder's preview (POST /reports/preview).
      api.post('/api/v1/analytics/test-slow', slowQuery);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('stops a query at its time limit: 503 problem+json with Retry-After', async () => {
    const co = newCompany();
    const started = Date.now();
    const res = await app.inject({ url: '/api/v1/analytics/test-slow', headers: await co.auth('executive') });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain('time limit');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(seen).toContain('timeout');
  });

  it('stops a query whose client hangs up', async () => {
    const co = newCompany();
    const abort = new AbortController();
    const request = fetch(`${base}/api/v1/analytics/test-slow`, {
      headers: await co.auth('executive'),
      signal: abort.signal,
    }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 300));
    abort.abort();
    expect(await request).toBe('aborted');
    const until = Date.now() + 3_000;
    while (!seen.includes('aborted') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toContain('aborted');
  });

  it("a company's burst beyond its queue gets 429; another company and the timeline are served meanwhile", async () => {
    const busy = newCompany();
    const other = newCompany();
    await insertEvents(other.scope(t.db), [newEventRow()]);
    const headers = await busy.auth('executive');
    const burst = [1, 2, 3].map(() => app.inject({ url: '/api/v1/analytics/test-slow', headers }));
    await new Promise((r) => setTimeout(r, 150));
    const [timeline, volume] = await Promise.all([
      app.inject({ url: '/api/v1/events', headers }),
      app.inject({ url: '/api/v1/analytics/volume', headers: await other.auth('executive') }),
    ]);
    expect(timeline.statusCode).toBe(200);
    expect(volume.statusCode).toBe(200);
    const codes = (await Promise.all(burst)).map((r) => r.statusCode).sort();
    // One ran (and timed out), one waited its turn (and timed out), one found the queue full.
    expect(codes).toEqual([429, 503, 503]);
    const refused = (await Promise.all(burst)).find((r) => r.statusCode === 429);
    expect(refused?.headers['retry-after']).toBe('2');
  }, 20_000);

  it('a waiting request whose client hangs up gives its turn back: the queue does not stay full', async () => {
    const co = newCompany();
    const headers = await co.auth('executive');
    const slow = (signal?: AbortSignal) =>
      fetch(`${base}/api/v1/analytics/test-slow`, { headers, signal }).then(
        (r) => r.status,
        () => 'aborted',
      );
    // Several rounds: one runs (until its 1 s limit), one waits and hangs up while waiting.
    for (let round = 0; round < 3; round++) {
      const running = slow();
      await new Promise((r) => setTimeout(r, 150));
      const abort = new AbortController();
      const waiting = slow(abort.signal);
      await new Promise((r) => setTimeout(r, 150));
      abort.abort();
      expect(await waiting).toBe('aborted');
      expect(await running).toBe(503);
    }
    // Every turn came back: the next request runs (and meets its time limit), it is not refused.
    expect(await slow()).toBe(503);
  }, 30_000);

  it('a request with a body whose client hangs up while it runs gives its turn back (cancelled previews)', async () => {
    const co = newCompany();
    const headers = { ...(await co.auth('executive')), 'content-type': 'application/json' };
    // The builder cancels a preview each time the definition changes: several in a row.
    for (let round = 0; round < 3; round++) {
      const abort = new AbortController();
      const preview = fetch(`${base}/api/v1/analytics/test-slow`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ definition: { round } }),
        signal: abort.signal,
      }).then(
        (r) => r.status,
        () => 'aborted',
      );
      await new Promise((r) => setTimeout(r, 300));
      abort.abort();
      expect(await preview).toBe('aborted');
    }
    // The company's one turn is free again: the next read runs to its 1 s limit (503), instead of
    // waiting behind turns nobody holds (it gives up after 8 s) or being refused (429).
    const next = await fetch(`${base}/api/v1/analytics/test-slow`, {
      headers,
      signal: AbortSignal.timeout(8_000),
    }).then(
      (r) => r.status,
      () => 'no answer',
    );
    expect(next).toBe(503);
  }, 30_000);

  it('says how fresh every answer is; min_seq reads a write; no other tenant shows', async () => {
    const co = newCompany();
    const stranger = newCompany();
    const headers = await co.auth('executive');
    const at = new Date(Date.now() - 60_000);
    await insertEvents(co.scope(t.db), [
      newEventRow({ event_timestamp: at }),
      newEventRow({ event_timestamp: at }),
    ]);
    const res = await app.inject({ url: '/api/v1/analytics/volume?dimension=none&min_seq=2', headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.freshness).toEqual({ as_of: expect.any(String), seq: 2, lag: 0 });
    expect(body.period.filters).toEqual({}); // min_seq is the guard's, not a filter
    const dash = await app.inject({ url: '/api/v1/dashboards/executive', headers });
    expect(dash.json().freshness.seq).toBe(2);
    // A change no write was answered with: refused at once, without holding a slot until the time
    // limit (found by the route fuzzer: min_seq=1e21 kept a request for 30 s).
    for (const minSeq of ['3', '1e21']) {
      const started = Date.now();
      const beyond = await app.inject({ url: `/api/v1/analytics/volume?min_seq=${minSeq}`, headers });
      expect(beyond.statusCode).toBe(400);
      expect(beyond.json().errors).toEqual([
        { path: 'query.min_seq', message: 'is beyond the latest change (2)' },
      ]);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    // Another tenant's token sees none of it.
    const theirs = await app.inject({
      url: '/api/v1/analytics/volume?dimension=none',
      headers: await stranger.auth('executive'),
    });
    expect(theirs.json().total).toBe(0);
  });
});
