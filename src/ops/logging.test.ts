import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { newCompany, TEST_SECRET } from '../test/app.js';
import { describeEngines } from '../test/engines.js';
import { loggerOptions, maskUrl } from './logging.js';
import { requestIdFrom } from './request-id.js';

describeEngines('request ids and logs', (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  let app: FastifyInstance;
  beforeAll(async () => {
    const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false', LOG_LEVEL: 'info' });
    const stream = new Writable({
      write(chunk, _enc, done) {
        raw.push(String(chunk));
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    app = await buildApp(
      { config, db: t.db, secret: TEST_SECRET },
      { logger: { ...loggerOptions(config, false), stream } },
    );
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('echoes a safe X-Request-Id and logs every request line with it', async () => {
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'lb-7f3a.01:edge_9' } });
    expect(res.headers['x-request-id']).toBe('lb-7f3a.01:edge_9');
    const mine = lines.filter((l) => l.reqId === 'lb-7f3a.01:edge_9');
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
  });

  it('replaces an unsafe or oversized X-Request-Id with a generated one', async () => {
    for (const sent of ['has spaces and <html>', 'x'.repeat(129), 'line\u00e9break']) {
      const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': sent } });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const res = await app.inject({ url: '/healthz' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes tokens, passwords or bodies to the log', async () => {
    const company = newCompany();
    const token = await company.token('integration');
    const before = raw.length;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/events?token=sekret-query-token&x=1',
      headers: { authorization: `Bearer ${token}`, cookie: 'session=sekret-cookie' },
      payload: { event_title: 'sekret-body-title', password: 'sekret-password' },
    });
    expect(res.statusCode).toBe(400);
    const written = raw.slice(before).join('');
    expect(written).toContain('token=[REDACTED]&x=1');
    for (const secret of [
      token,
      'sekret-query-token',
      'sekret-cookie',
      'sekret-body-title',
      'sekret-password',
    ]) {
      expect(written).not.toContain(secret);
    }
    // Every line about this request carries its id.
    const id = res.headers['x-request-id'];
    const requestLines = lines.slice(-(raw.length - before));
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of requestLines) expect(line.reqId).toBe(id);
  });
});

describe('request id and URL masking helpers', () => {
  it('accepts 1–128 chars of [A-Za-z0-9._:-] only', () => {
    const req = (v?: string) => ({ headers: v === undefined ? {} : { 'x-request-id': v } }) as never;
    expect(requestIdFrom(req('abc-123'))).toBe('abc-123');
    expect(requestIdFrom(req(''))).not.toBe('');
    expect(requestIdFrom(req('a'.repeat(128)))).toBe('a'.repeat(128));
    expect(requestIdFrom(req('a/b'))).not.toBe('a/b');
  });

  it('masks credential query parameters, keeping the rest', () => {
    expect(maskUrl('/api/v1/stream?access_token=abc&since=5')).toBe(
      '/api/v1/stream?access_token=[REDACTED]&since=5',
    );
    expect(maskUrl('/x?a=1&token=t#f')).toBe('/x?a=1&token=[REDACTED]#f');
    expect(maskUrl('/x?mytoken=keep')).toBe('/x?mytoken=keep');
  });
});
