import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

describeApp(
  'rate limits',
  (t) => {
    const get = (headers: Record<string, string>, url = '/api/v1/events?limit=1') =>
      t.app.inject({ url, headers });

    it('refuses a token over its budget with 429 problem+json and Retry-After, not its neighbours', async () => {
      const company = newCompany();
      const userId = randomUUID();
      const token = await company.auth('admin', { userId });
      for (let i = 0; i < 3; i++) {
        const ok = await get(token);
        expect(ok.statusCode).toBe(200);
        expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
      }
      const refused = await get(token);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.json()).toMatchObject({
        type: 'https://crm-activity-timeline.dev/problems/too-many-requests',
        status: 429,
        title: 'Too many requests',
      });
      // The same subject with a fresh token shares the budget; another user of the company does not.
      expect((await get(await company.auth('admin', { userId }))).statusCode).toBe(429);
      expect((await get(await company.auth('rep'))).statusCode).toBe(200);
      // Nor does anyone of another company.
      expect((await get(await newCompany().auth('admin'))).statusCode).toBe(200);
    });

    it('counts every token of a company against the company budget', async () => {
      const company = newCompany();
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await get(await company.auth('rep'))).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect((await get(await newCompany().auth('rep'))).statusCode).toBe(200);
    });

    it('refuses before reading the body, and stores nothing for a refused ingest', async () => {
      const company = newCompany();
      const auth = await company.auth('integration');
      const post = () =>
        t.app.inject({ method: 'POST', url: '/api/v1/events', headers: auth, payload: eventInput() });
      for (let i = 0; i < 3; i++) expect((await post()).statusCode).toBe(201);
      expect((await post()).statusCode).toBe(429);
      const admin = await company.auth('admin');
      const list = await get(admin, '/api/v1/events?limit=100');
      expect(list.json().items).toHaveLength(3);
    });

    it('never counts health, readiness, the API description or unauthenticated requests', async () => {
      for (let i = 0; i < 10; i++) {
        for (const url of ['/healthz', '/readyz', '/openapi.json']) {
          expect((await t.app.inject({ url })).statusCode, url).toBeLessThan(400);
        }
        expect((await t.app.inject({ url: '/api/v1/events' })).statusCode).toBe(401);
      }
    });
  },
  { RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_PER_COMPANY: '5' },
);

describe('rate limit settings', () => {
  it('has generous defaults, takes 0 for off, and refuses nonsense', () => {
    expect(loadConfig({})).toMatchObject({ rateLimitPerToken: 3000, rateLimitPerCompany: 30_000 });
    expect(loadConfig({ RATE_LIMIT_PER_TOKEN: '0' }).rateLimitPerToken).toBe(0);
    expect(() => loadConfig({ RATE_LIMIT_PER_COMPANY: '-1' })).toThrow(/RATE_LIMIT_PER_COMPANY/);
  });
});
