import { beforeAll, expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { fuzzOperations, fuzzTargets, seedFuzzTargets } from '../test/fuzz-targets.js';
import { garbageAuthorizations } from '../test/garbage-tokens.js';
import type { Operation } from '../test/hostile-requests.js';
import { violation } from '../test/problem-check.js';

const REQUEST_TIMEOUT_MS = 15_000;
/** The SSE endpoint keeps the connection open when it accepts: only its refusal paths are tested. */
const STREAM = '/api/v1/stream';

describeApp('no server errors', (t) => {
  const targets = fuzzTargets();
  const { company, users, auth, ids } = targets;
  const garbage: Record<string, string>[] = [];
  let operations: Operation[] = [];
  let newCompanyAdmin: Record<string, string> = {};

  beforeAll(async () => {
    await seedFuzzTargets(t.app, targets, eventInput({ customer_id: ids.customer, user_id: users.rep }));
    garbage.push(...(await garbageAuthorizations(company.id)));
    newCompanyAdmin = await newCompany().auth('admin');
    operations = fuzzOperations(t.app);
  });

  it('documents every feature area (so the fuzz covers them)', () => {
    const areas = new Set(operations.map((o) => o.path.split('/')[3]));
    for (const area of [
      'events',
      'directory',
      'company',
      'analytics',
      'dashboards',
      'stream',
      'timelines',
      'me',
    ]) {
      expect(areas).toContain(area);
    }
    expect(operations.length).toBeGreaterThan(40);
  });

  const ID_BY_PREFIX: Array<[string, keyof typeof ids]> = [
    ['/api/v1/timelines', 'timeline'],
    ['/api/v1/exports', 'exportJob'],
    ['/api/v1/reports', 'report'],
    ['/api/v1/report-schedules', 'schedule'],
  ];
  const idFor = (path: string) =>
    ids[ID_BY_PREFIX.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'event'];

  // Routes whose query has a required parameter: the smallest valid value.
  const REQUIRED_QUERY: Record<string, string> = { '/api/v1/directory/search': '?q=a' };

  it('answers a valid GET on every readable route with 2xx (the fuzz reaches real handlers)', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.method === 'GET' && o.path !== STREAM)) {
      const url =
        op.path
          .replace('{teamId}', ids.team)
          .replace('{customerId}', ids.customer)
          .replace('{id}', idFor(op.path)) + (REQUIRED_QUERY[op.path] ?? '');
      const res = await t.app.inject({ method: 'GET', url, headers: auth.admin });
      if (res.statusCode >= 300) failures.push(`GET ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a stream request with no, garbage or expired credentials, without opening it', async () => {
    for (const headers of [{}, ...garbage]) {
      const res = await t.app.inject({
        url: STREAM,
        headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      expect(res.statusCode).toBe(401);
      expect(violation(res)).toBeUndefined();
    }
  });

  it('refuses bad percent-encoding and over-long path parameters as problems (before routing)', async () => {
    for (const url of ['/api/v1/events/%', `/api/v1/events/${'e'.repeat(101)}`]) {
      const res = await t.app.inject({ url, headers: auth.admin });
      expect(res.statusCode, url).toBe(400);
      expect(violation(res)).toBeUndefined();
    }
  });

  it('refuses text PostgreSQL cannot store (NUL, lone surrogates) with 400 naming the field', async () => {
    const cases = [
      { method: 'GET', url: '/api/v1/events?q=a%00b', path: 'query.q', role: 'admin' },
      {
        method: 'PUT',
        url: `/api/v1/directory/customers/${ids.customer}`,
        path: 'body.segment',
        role: 'admin',
        payload: { name: 'c', segment: 'a\u0000b' },
      },
      {
        method: 'POST',
        url: '/api/v1/events',
        path: 'body.event_title',
        role: 'integration',
        payload: eventInput({ event_title: 'a\u0000b' }),
      },
      {
        method: 'POST',
        url: '/api/v1/events',
        path: 'body.event_data.\uD800',
        role: 'integration',
        payload: { ...eventInput(), event_data: { '\uD800': 1 } },
      },
    ] as const;
    for (const c of cases) {
      const res = await t.app.inject({
        method: c.method,
        url: c.url,
        headers: auth[c.role],
        payload: 'payload' in c ? c.payload : undefined,
      });
      expect(res.statusCode, c.url).toBe(400);
      expect(violation(res)).toBeUndefined();
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([c.path]);
    }
    // A batch reports such an item at its index and still stores the others.
    const batch = [eventInput({ event_description: 'ok' }), eventInput({ external_id: 'x\uDC00' })];
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: auth.integration,
      payload: batch,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { status: number }) => r.status)).toEqual([201, 400]);
  });

  it('refuses instants PostgreSQL or JavaScript cannot hold, in every from/to filter', async () => {
    const edges = [
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
      '2025-06-30T23:59:60Z',
    ];
    const failures: string[] = [];
    const ops = operations.filter((o) => o.method === 'GET' && o.path !== STREAM && !o.path.includes('{'));
    for (const op of ops.filter((o) => o.params.some((p) => p.name === 'from'))) {
      for (const [name, value] of edges.flatMap((v) => [
        ['from', v],
        ['to', v],
      ])) {
        const url = `${op.path}?${name}=${encodeURIComponent(value as string)}`;
        const res = await t.app.inject({ url, headers: auth.admin });
        if (res.statusCode !== 400 || violation(res))
          failures.push(`${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses an empty company time zone (stored, it broke the analytics that read it)', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/company/settings',
      headers: newCompanyAdmin,
      payload: { timezone: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.timezone']);
  });
});
