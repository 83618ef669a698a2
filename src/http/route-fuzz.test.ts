import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeApp } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { fuzzOperations, fuzzTargets, seedFuzzTargets } from '../test/fuzz-targets.js';
import { garbageAuthorizations, upperCaseAuthorization } from '../test/garbage-tokens.js';
import { headEdges, hostileEdges } from '../test/hostile-edges.js';
import {
  type Caller,
  type HostileRequest,
  hostileRequests,
  type Operation,
} from '../test/hostile-requests.js';
import { violation } from '../test/problem-check.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
/** Requests per engine: 10,000 on PGlite; the PostgreSQL pass (TEST_DATABASE_URL) repeats a third. */
const requestsFor = (engine: string) =>
  Number(process.env.FUZZ_REQUESTS ?? (engine === 'pglite' ? 10_000 : 3_500));
const REQUEST_TIMEOUT_MS = 5_000;
const STREAM = '/api/v1/stream';

interface Outcome {
  op: Operation;
  req: HostileRequest;
  /** What broke the rule: a status, a hang, a throw, something stored. */
  problem: string;
}

/**
 * Share of the random requests: an analytics or dashboard request that gets past validation runs
 * a dozen replica queries (~50× a timeline read), so those routes get fewer, and HEAD (the same
 * handler as its GET) fewer still; the cheap routes make up the count.
 */
function weight(op: Operation): number {
  const heavy = /^\/api\/v1\/(analytics|dashboards)\//.test(op.path);
  return (heavy ? 1 : 6) / (op.method === 'HEAD' ? 3 : 1);
}

const show = ({ op, req }: Outcome) =>
  `${op.method} ${req.url.slice(0, 300)} as ${JSON.stringify(req.caller)} headers ${JSON.stringify(req.headers).slice(0, 200)} body ${String(req.payload).slice(0, 200)}`;

describeApp(
  'route fuzz',
  (t) => {
    const targets = fuzzTargets();
    const { company, users, auth, ids } = targets;
    const garbage: Record<string, string>[] = [];
    let operations: Operation[] = [];

    beforeAll(async () => {
      await seedFuzzTargets(t.app, targets, event());
      auth.upper = await upperCaseAuthorization(company.id, users.admin);
      garbage.push(...(await garbageAuthorizations(company.id)));
      operations = fuzzOperations(t.app);
      // HEAD is answered for every GET route (Fastify adds it); the document does not list it.
      const heads = operations
        .filter((o) => o.method === 'GET')
        .map((o) => ({ ...o, method: 'HEAD' as const }));
      operations.push(...heads);
    });

    const event = () =>
      eventInput({ customer_id: ids.customer, user_id: users.rep }) as Record<string, unknown>;
    const headersFor = (caller: Caller): Record<string, string> =>
      typeof caller === 'string' ? (auth[caller] ?? {}) : (garbage[caller.garbage] ?? {});
    const filled = (op: Operation) =>
      op.path
        .replace('{teamId}', ids.team)
        .replace('{customerId}', ids.customer)
        .replace('{id}', op.path.startsWith('/api/v1/timelines') ? ids.timeline : ids.event);

    /** What a write could change: the change log position, events and timelines of the company. */
    async function stored() {
      const { rows } = await sql<{ seq: string; events: string; timelines: string }>`select
        coalesce((select last_seq from company_sequences where company_id = ${company.id}), 0)::text as seq,
        (select count(*) from crm_activity_events where company_id = ${company.id})::text as events,
        (select count(*) from crm_activity_timelines where company_id = ${company.id})::text as timelines`.execute(
        t.db.kysely,
      );
      return rows[0] as { seq: string; events: string; timelines: string };
    }

    /** A stored company zone the database cannot use breaks every later analytics read: check, then undo. */
    async function zoneProblem(res: LightMyRequestResponse): Promise<string | undefined> {
      const zone = (res.json() as { timezone?: string }).timezone ?? 'UTC';
      try {
        await sql`select now() at time zone ${zone}`.execute(t.db.kysely);
        return undefined;
      } catch {
        await t.app.inject({
          method: 'PUT',
          url: '/api/v1/company/settings',
          headers: auth.admin,
          payload: { timezone: 'UTC' },
        });
        return `stored company time zone ${zone}, which the database does not know`;
      }
    }

    /** Sends one request; its status (when it answered) and what broke the rules, if anything. */
    async function check(op: Operation, req: HostileRequest): Promise<{ status?: number; problem?: string }> {
      const writes = op.method !== 'GET' && op.method !== 'HEAD';
      const before = writes ? await stored() : undefined;
      let res: LightMyRequestResponse;
      const started = performance.now();
      try {
        res = await t.app.inject({
          method: op.method,
          url: req.url,
          headers: { ...headersFor(req.caller), ...req.headers },
          payload: req.payload,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        const ms = performance.now() - started;
        const hang = ms >= REQUEST_TIMEOUT_MS - 50;
        return {
          problem: hang ? `no answer within ${REQUEST_TIMEOUT_MS} ms` : `threw ${(error as Error).message}`,
        };
      }
      const status = res.statusCode;
      const broken = violation(res, op.method);
      if (broken || !before) return { status, problem: broken };
      const after = await stored();
      if (status >= 400 && JSON.stringify(after) !== JSON.stringify(before))
        return {
          status,
          problem: `${status} but stored: ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
        };
      if (op.path === '/api/v1/events/batch' && status === 200) {
        const results = (res.json() as { results: Array<{ status: number }> }).results;
        const created = results.filter((r) => r.status === 201).length;
        const added = Number(after.events) - Number(before.events);
        if (added !== created)
          return { status, problem: `batch acknowledged ${created} new events, stored ${added}` };
      }
      if (op.path === '/api/v1/company/settings' && status < 300)
        return { status, problem: await zoneProblem(res) };
      return { status };
    }

    const TOTAL = requestsFor(t.engine);
    it(
      `sends ${TOTAL.toLocaleString('en')}+ hostile requests over every route: no 5xx, no hang, problems only, nothing stored when refused`,
      async () => {
        const started = performance.now();
        const failures = new Map<string, string>();
        const statuses = new Map<string, Set<number>>();
        const spent = new Map<string, number>();
        const edges = operations.map((op) =>
          op.method === 'HEAD'
            ? headEdges(op, filled(op))
            : hostileEdges(op, { url: filled(op), event: event(), refuseStream: op.path === STREAM }),
        );
        const fixed = edges.reduce((n, e) => n + e.length, 0);
        const weights = operations.map(weight);
        const sum = weights.reduce((a, b) => a + b, 0);
        const runs = weights.map((w) => Math.max(10, Math.ceil(((TOTAL - fixed) * w) / sum)));
        let sent = 0;
        for (const [i, op] of operations.entries()) {
          const label = `${op.method} ${op.path}`;
          const random = fc.sample(
            hostileRequests(op, {
              knownIds: [ids.event, ids.timeline, ids.team, ids.customer, users.rep],
              garbageCount: garbage.length,
              refuseWhenAuthenticated: op.path === STREAM,
            }),
            { seed: SEED + i, numRuns: runs[i] ?? 10 },
          );
          const seen = new Set<number>();
          statuses.set(label, seen);
          const opStarted = performance.now();
          for (const req of [...(edges[i] ?? []), ...random]) {
            sent++;
            const { status, problem } = await check(op, req);
            if (status !== undefined) seen.add(status);
            if (!problem) continue;
            const key = `${label}: ${problem.slice(0, 60)}`;
            if (!failures.has(key))
              failures.set(key, `${problem}\n    request: ${show({ op, req, problem })}`);
          }
          spent.set(label, performance.now() - opStarted);
        }
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `route fuzz: ${sent} requests (${fixed} fixed edge cases) over ${operations.length} operations in ${seconds.toFixed(1)} s (seed ${SEED})`,
        );
        const slowest = [...spent].sort((a, b) => b[1] - a[1]).slice(0, 8);
        console.log(
          `  slowest operations: ${slowest.map(([l, ms]) => `${l} ${(ms / 1000).toFixed(1)} s`).join('; ')}`,
        );
        expect([...failures].map(([k, v]) => `${k}: ${v}`)).toEqual([]);
        expect(sent).toBeGreaterThanOrEqual(TOTAL);
        // Not just bouncing off the door: every route answered at least once past authentication and routing.
        const onlyRefused = [...statuses].filter(([, s]) =>
          [...s].every((code) => code === 401 || code === 404),
        );
        expect(onlyRefused.map(([label]) => label)).toEqual([]);
        // No request's keys reached a prototype (a careless merge of `__proto__` or `constructor.prototype`).
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty('polluted');
      },
      Math.max(600_000, TOTAL * 200),
    );
  },
  // The limiter runs (its hook is in every request's path) but never refuses: 10,000 requests from
  // three tokens would be throttled by the defaults.
  { RATE_LIMIT_PER_TOKEN: '1000000000', RATE_LIMIT_PER_COMPANY: '1000000000' },
);
