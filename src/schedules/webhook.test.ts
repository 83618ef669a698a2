/** Webhooks: signature, retries with growing delays, and the SSRF refusals (unless allowlisted). */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress, resolveWebhookHost, urlProblem } from './ssrf.js';
import { deliverWebhook, type WebhookSettings } from './webhook.js';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

describe('webhook delivery to a local receiver', () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];
  /** Status codes to answer, in order; then 200. */
  let script: number[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ body, headers: req.headers });
        const status = script.shift() ?? 200;
        res.writeHead(status, status === 302 ? { location: 'http://example.com/' } : {}).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const delays: number[] = [];
  const settings = (allow: string[]): WebhookSettings => ({
    allowlist: new Set(allow),
    baseDelayMs: 50,
    timeoutMs: 5000,
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  const message = (url: string) => ({
    url,
    secret: 'per-schedule-secret',
    body: Buffer.from('{"hello":"world"}'),
    contentType: 'application/json',
    headers: { 'x-delivery-id': 'd1' },
  });

  it('signs the body with HMAC-SHA256 and retries 500s with doubling delays until a 200', async () => {
    received.length = 0;
    delays.length = 0;
    script = [500, 500, 200];
    const res = await deliverWebhook(message(`${base}/hook`), settings(['127.0.0.1']));
    expect(res.ok).toBe(true);
    expect(res.attempts.map((a) => [a.ok, a.status_code])).toEqual([
      [false, 500],
      [false, 500],
      [true, 200],
    ]);
    expect(delays).toEqual([50, 100]);
    expect(res.attempts.map((a) => a.retry_in_ms)).toEqual([50, 100, undefined]);
    expect(received).toHaveLength(3);
    for (const r of received) {
      expect(r.body).toBe('{"hello":"world"}');
      const expected = createHmac('sha256', 'per-schedule-secret').update(r.body).digest('hex');
      expect(r.headers['x-signature']).toBe(`sha256=${expected}`);
      expect(Number(r.headers['x-timestamp'])).toBeGreaterThan(1_700_000_000);
      expect(r.headers['x-delivery-id']).toBe('d1');
    }
  });

  it('gives up after 5 tries (delays 50, 100, 200, 400) and does not follow redirects', async () => {
    received.length = 0;
    delays.length = 0;
    script = [503, 503, 503, 503, 503];
    const res = await deliverWebhook(message(`${base}/hook`), settings(['127.0.0.1']));
    expect(res.ok).toBe(false);
    expect(res.attempts).toHaveLength(5);
    expect(delays).toEqual([50, 100, 200, 400]);
    script = [302, 302, 302, 302, 302];
    received.length = 0;
    const redirected = await deliverWebhook(message(`${base}/hook`), settings(['127.0.0.1']));
    expect(redirected.ok).toBe(false);
    expect(redirected.attempts[0]?.error).toBe('redirects are not followed');
    expect(received.every((r) => r.body === '{"hello":"world"}')).toBe(true); // nothing reached example.com
    script = [];
  });

  it('refuses loopback without the allowlist: nothing sent, no retry', async () => {
    received.length = 0;
    const res = await deliverWebhook(message(`${base}/hook`), settings([]));
    expect(res.ok).toBe(false);
    expect(res.attempts).toHaveLength(1);
    expect(res.attempts[0]?.error).toMatch(/non-public address \(127\.0\.0\.1\)/);
    expect(received).toHaveLength(0);
  });
});

describe('SSRF rules', () => {
  it('classifies private, loopback, link-local, unique-local, CGNAT, multicast, unspecified and mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '172.32.0.1'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('names the problem of a URL at creation; the allowlist lifts the address and http rules', () => {
    const none = { allowlist: new Set<string>() };
    expect(urlProblem('https://127.0.0.1/x', none)).toMatch(/private, loopback/);
    expect(urlProblem('https://10.0.0.7/x', none)).toMatch(/private/);
    expect(urlProblem('https://169.254.169.254/latest', none)).toMatch(/link-local/);
    expect(urlProblem('https://[::1]/x', none)).toMatch(/loopback/);
    expect(urlProblem('https://[fd00::1]/x', none)).toMatch(/private/);
    expect(urlProblem('https://localhost/x', none)).toBe('points to localhost');
    expect(urlProblem('http://hooks.example.com/x', none)).toMatch(/must be https/);
    expect(urlProblem('ftp://hooks.example.com/x', none)).toMatch(/https/);
    expect(urlProblem('not a url', none)).toBe('is not a URL');
    expect(urlProblem('https://hooks.example.com/x', none)).toBeNull();
    expect(urlProblem('http://127.0.0.1:9/x', { allowlist: new Set(['127.0.0.1']) })).toBeNull();
  });

  it('refuses a host name that resolves to loopback unless allowlisted', async () => {
    await expect(resolveWebhookHost('localhost', { allowlist: new Set() })).rejects.toThrow(/non-public/);
    await expect(
      resolveWebhookHost('localhost', { allowlist: new Set(['localhost']) }),
    ).resolves.toMatchObject({
      address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
    });
  });
});
