/**
 * Targeted refusals every route must keep: valid GETs reach real handlers, bad credentials, bad
 * percent-encoding, text or instants the database cannot hold — each a 4xx problem+json naming the
 * problem, never a 5xx. The random fuzz over every route is route-fuzz.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { garbageAuthorizations } from '../test/garbage-tokens.js';
import { listOperations, type Operation } from '../test/hostile-requests.js';
import { violation } from '../test/problem-check.js';

const REQUEST_TIMEOUT_MS = 15_000;
/** The SSE endpoint keeps the connection open when it accepts: only its refusal paths are tested. */
const STREAM = '/api/v1/stream';

describeApp('no server errors', (t) => {
  const company = newCompany();
  const users = { rep: randomUUID(), admin: randomUUID(), integration: randomUUID() };
  const auth: Record<string, Record<string, string>> = {};
  const garbage: Record<string, string>[] = [];
  const ids = { event: '', timeline: '', team: randomUUID(), customer: randomUUID() };
  let operations: Operation[] = [];
  let newCompanyAdmin: Record<string, string> = {};

  beforeAll(async () => {
    for (const role of ['rep', 'admin', 'integration'] as const) {
      auth[role] = await company.auth(role, { userId: users[role] });
    }
    garbage.push(...(await garbageAuthorizations(company.id)));
    newCompanyAdmin = await newCompany().auth('admin');
    operations = listOperations(t.app);
    // The batch body is documented as an array of anything; fuzz it with event-shaped items too.
    const single = operations.find((o) => o.method === 'POST' && o.path === '/api/v1/events')?.body;
    const batch = operations.find((o) => o.path === '/api/v1/events/batch');
    if (batch?.body && single) batch.body = { ...batch.body, items: single };
    await seed();
  });

  async function seed() {
    const send = async (method: 'POST' | 'PUT', url: string, role: string, payload: unknown) => {
      const res = await t.app.inject({ method, url, headers: auth[role], payload: payload as object });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.json() as { id: string };
    };
    await send('PUT', `/api/v1/directory/teams/${ids.team}`, 'admin', { name: 'Fuzz team' });
    await send('PUT', `/api/v1/directory/users/${users.rep}`, 'admin', {
      name: 'Fuzz rep',
      role: 'rep',
      team_id: ids.team,
    });
    await send('PUT', `/api/v1/directory/customers/${ids.customer}`, 'admin', { name: 'Fuzz customer' });
    const input = eventInput({ customer_id: ids.customer, user_id: users.rep });
    ids.event = (await send('POST', '/api/v1/events', 'integration', input)).id;
    const timeline = { timeline_name: 'Fuzz', timeline_type: 'personal' };
    ids.timeline = (await send('POST', '/api/v1/timelines', 'rep', timeline)).id;
  }

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

  it('answers a valid GET on every readable route with 2xx (the fuzz reaches real handlers)', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.method === 'GET' && o.path !== STREAM)) {
      const url = op.path
        .replace('{teamId}', ids.team)
        .replace('{customerId}', ids.customer)
        .replace('{id}', op.path.startsWith('/api/v1/timelines') ? ids.timeline : ids.event);
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
