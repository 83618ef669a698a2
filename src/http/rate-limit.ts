/**
 * Two request budgets per minute, both checked for every authenticated API request: one per token
 * subject (a user or an integration, whichever token it holds) and one per company (all its users
 * together), so neither one noisy client nor one tenant's many clients can take the instance.
 * Over either: 429 problem+json with Retry-After. Counters live in this process (one instance's
 * budget; behind a load balancer each instance counts its own share).
 *
 * Health, readiness, metrics, the docs and the web app are not /api routes and are never counted;
 * unauthenticated requests are refused by auth before they could cost anything.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tooManyRequests } from '../errors.js';

export interface RateLimits {
  /** Requests per minute per token subject; 0 = no limit. */
  perToken: number;
  /** Requests per minute per company; 0 = no limit. */
  perCompany: number;
}

const WINDOW_MS = 60_000;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

export async function registerRateLimits(app: FastifyInstance, limits: RateLimits) {
  if (limits.perToken <= 0 && limits.perCompany <= 0) return;
  // global: false — no hook of the plugin's own; the two limiters below run in ours, after auth.
  await app.register(rateLimit, { global: false });
  const budgets: Array<{ name: string; check: Limiter }> = [];
  const add = (name: string, max: number, key: (r: FastifyRequest) => string) => {
    if (max > 0)
      budgets.push({
        name,
        // The cache is the number of keys kept (an LRU): enough for every active user of an instance.
        check: app.createRateLimit({ max, timeWindow: WINDOW_MS, keyGenerator: key, cache: 50_000 } as never),
      });
  };
  add('token', limits.perToken, (r) => `t:${r.user.companyId}:${r.user.userId}`);
  add('company', limits.perCompany, (r) => `c:${r.user.companyId}`);

  // preParsing: after every onRequest hook (the stream authenticates in its own), before a body
  // is read, so a throttled client does not get to upload megabytes first.
  app.addHook('preParsing', async (request, reply) => {
    if (!request.user) return; // not an authenticated API request
    let remaining = Number.POSITIVE_INFINITY;
    for (const budget of budgets) {
      const result = await budget.check(request);
      if (result.isAllowed) continue;
      if (result.isExceeded) {
        reply.header('x-ratelimit-limit', String(result.max)).header('x-ratelimit-remaining', '0');
        throw tooManyRequests(
          `Too many requests for this ${budget.name}: at most ${result.max} a minute. Retry after ${result.ttlInSeconds} s.`,
          Math.max(1, result.ttlInSeconds),
        );
      }
      // The tighter of the two budgets is the one the client should pace itself by.
      if (result.remaining < remaining) {
        remaining = result.remaining;
        reply
          .header('x-ratelimit-limit', String(result.max))
          .header('x-ratelimit-remaining', String(remaining));
      }
    }
  });
}
