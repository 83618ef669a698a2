/**
 * Fuzz: every documented route, every method, a bounded number of hostile requests (fixed seed, so a
 * failure reproduces). Whatever the input, the answer is below 500, and every 4xx is problem+json
 * naming the problem without stack traces or SQL. Failures are collected, not stopped at, so one run
 * lists every distinct server error with the exact request that caused it.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { signToken } from '../auth/tokens.js';
import { describeApp, newCompany, TEST_SECRET } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import {
  type Caller,
  type HostileRequest,
  hostileRequests,
  listOperations,
  type Operation,
} from '../test/hostile-requests.js';

// Fixed, so a failure reproduces. By hand: FUZZ_SEED / FUZZ_RUNS explore further, FUZZ_STATS=1 prints statuses per route.
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_125);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 30);
const REQUEST_TIMEOUT_MS = 15_000;
const LEAKS =
  /\n\s+at |node_modules|\.[jt]s:\d+|syntax error at or near|violates .* constraint|invalid input syntax|\b(select|insert into|update|delete from)\b.+\b(from|where|set|values)\b/i;
/** The SSE endpoint keeps the connection open when it accepts: only its refusal paths are fuzzed. */
const STREAM = '/api/v1/stream';

/** Why this response breaks the rule, or undefined when it keeps it. */
function violation(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return undefined;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    return `${res.statusCode} with content-type ${res.headers['content-type']}: ${res.body.slice(0, 200)}`;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 200)}`;
  }
  for (const key of ['type', 'title', 'detail']) {
    if (typeof body[key] !== 'string' || body[key] === '')
      return `${res.statusCode} without ${key}: ${res.body}`;
  }
  if (body.status !== res.statusCode) return `${res.statusCode} with body status ${String(body.status)}`;
  if (LEAKS.test(res.body)) return `${res.statusCode} leaks internals: ${res.body.slice(0, 300)}`;
  return undefined;
}

const show = (op: Operation, req: HostileRequest) =>
  `${op.method} ${req.url.slice(0, 300)} as ${JSON.stringify(req.caller)} headers ${JSON.stringify(req.headers).slice(0, 200)} body ${String(req.payload).slice(0, 200)}`;

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

  const headersFor = (caller: Caller): Record<string, string> =>
    typeof caller === 'string' ? (auth[caller] ?? {}) : (garbage[caller.garbage] ?? {});

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

  it('never answers hostile requests with a 5xx or a bare error, on any route', async () => {
    const failures = new Map<string, string>();
    const statuses = new Map<string, Set<number>>();
    for (const op of operations) {
      const label = `${op.method} ${op.path}`;
      const arbitrary = hostileRequests(op, {
        knownIds: [ids.event, ids.timeline, ids.team, ids.customer, users.rep],
        garbageCount: garbage.length,
        refuseWhenAuthenticated: op.path === STREAM,
      });
      const seen = new Set<number>();
      statuses.set(label, seen);
      for (const req of fc.sample(arbitrary, { seed: SEED, numRuns: RUNS_PER_OPERATION })) {
        let res: LightMyRequestResponse;
        try {
          res = await t.app.inject({
            method: op.method,
            url: req.url,
            headers: { ...headersFor(req.caller), ...req.headers },
            payload: req.payload,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
        } catch (error) {
          failures.set(`${label} threw`, `${(error as Error).message} — ${show(op, req)}`);
          continue;
        }
        seen.add(res.statusCode);
        const problem = violation(res);
        const key = `${label} → ${res.statusCode}`;
        if (problem && !failures.has(key)) failures.set(key, `${problem}\n    request: ${show(op, req)}`);
      }
    }
    if (process.env.FUZZ_STATS)
      for (const [label, s] of statuses) console.log(label, [...s].sort().join(' '));
    expect([...failures].map(([k, v]) => `${k}: ${v}`)).toEqual([]);
    // Not just bouncing off the door: every route answered at least once past authentication and routing.
    const onlyRefused = [...statuses].filter(([, s]) => [...s].every((code) => code === 401 || code === 404));
    expect(onlyRefused.map(([label]) => label)).toEqual([]);
  }, 600_000);
});

/** Authorization headers that must all be refused with 401. */
async function garbageAuthorizations(companyId: string): Promise<Record<string, string>[]> {
  const key = new TextEncoder().encode(TEST_SECRET);
  const user = { userId: randomUUID(), companyId, role: 'admin' as const };
  const expired = await new SignJWT({ company_id: companyId, role: 'admin' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.userId)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
    .sign(key);
  const badClaims = await new SignJWT({ company_id: 'acme', role: 'superuser', team_id: 7 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('x')
    .sign(key);
  const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
    JSON.stringify({ sub: user.userId, company_id: companyId, role: 'admin' }),
  ).toString('base64url')}.`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return [
    { authorization: 'Bearer' },
    { authorization: 'Basic Zm9vOmJhcg==' },
    bearer('garbage'),
    bearer('a.b.c'),
    bearer('x'.repeat(10_000)),
    bearer(expired),
    bearer(badClaims),
    bearer(unsigned),
    bearer(await signToken('another-secret-that-is-at-least-32-characters', user)),
    bearer(await signToken(TEST_SECRET, user, '1h', { purpose: 'stream' })),
  ];
}
