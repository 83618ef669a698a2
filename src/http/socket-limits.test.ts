/**
 * Limits that only show over a real socket (inject never uploads slowly nor parses raw headers):
 * an oversized body is answered with its 413 problem+json, not a broken pipe; oversized headers
 * get a 431 problem+json; HEAD on the stream answers at once.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';

const LIMIT = 64 * 1024;

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  /** Whether the server asked for the body with `100 Continue`. */
  continued: boolean;
  /** Bytes of the body the client managed to send. */
  sent: number;
}

/**
 * POSTs a body of `size` bytes, written in chunks as fast as the socket takes them; resolves with
 * the answer once the exchange is over, rejects on a socket error (EPIPE, ECONNRESET: the failure
 * this test is about), even one after the answer came.
 */
function upload(
  port: number,
  headers: Record<string, string>,
  size: number,
  opts: { expectContinue?: boolean; chunked?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let continued = false;
    const req = httpRequest({
      port,
      method: 'POST',
      path: '/api/v1/events',
      headers: {
        ...headers,
        'content-type': 'application/json',
        ...(opts.chunked ? {} : { 'content-length': String(size) }),
        ...(opts.expectContinue ? { expect: '100-continue' } : {}),
      },
    });
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    // Like fetch and curl, the client uploads the whole body whatever the server said meanwhile.
    const write = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n)))
          return void req.once('drain', write);
      }
      req.end();
    };
    req.on('continue', () => {
      continued = true;
      write();
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => {
        answer = { status: res.statusCode ?? 0, headers: res.headers, body, continued, sent };
      });
    });
    let answer: Answer | undefined;
    let failure: Error | undefined;
    req.on('error', (error) => {
      failure = error;
    });
    // Settled when the connection is done: an EPIPE after the answer is still a failure.
    req.on('close', () => {
      if (failure || !answer) reject(failure ?? new Error('no answer'));
      else resolve(answer);
    });
    if (!opts.expectContinue) write();
  });
}

function expectProblem(
  answer: { status: number; headers: IncomingMessage['headers']; body: string },
  status: number,
) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(answer.body)).toMatchObject({ status });
}

describeApp(
  'limits over a real socket',
  (t) => {
    const company = newCompany();
    let port: number;
    let auth: Record<string, string>;
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
      auth = await company.auth('admin');
    });

    it('refuses an announced oversized body before the upload (Expect: 100-continue)', async () => {
      const answer = await upload(port, auth, 50 * LIMIT, { expectContinue: true });
      expectProblem(answer, 413);
      expect(answer.continued).toBe(false);
      expect(answer.sent).toBe(0);
    });

    it('answers an oversized body with its 413, not a broken pipe, while the client uploads', async () => {
      for (let i = 0; i < 5; i++) expectProblem(await upload(port, auth, 256 * LIMIT), 413);
    });

    it('answers an oversized chunked body (no Content-Length) with its 413', async () => {
      expectProblem(await upload(port, auth, 128 * LIMIT, { chunked: true }), 413);
    });

    it('still asks for a body within the limit (Expect: 100-continue) and reads it', async () => {
      const answer = await upload(port, auth, 100, { expectContinue: true });
      expect(answer.continued).toBe(true);
      expectProblem(answer, 400); // 100 spaces: not JSON, but read and parsed
    });

    it('answers headers over 16 KB with a 431 problem+json', async () => {
      const answer = await new Promise<Answer>((resolve, reject) => {
        const req = httpRequest({
          port,
          path: '/api/v1/events',
          headers: { ...auth, 'x-big': 'a'.repeat(20_000) },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, continued: false, sent: 0 }),
          );
        });
        req.on('error', reject);
        req.end();
      });
      expectProblem(answer, 431);
    });

    it('answers HEAD /stream at once, without opening a stream', async () => {
      const started = Date.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/stream`, {
        method: 'HEAD',
        headers: auth,
        signal: AbortSignal.timeout(5000),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(Date.now() - started).toBeLessThan(5000);
      const anonymous = await fetch(`http://127.0.0.1:${port}/api/v1/stream`, {
        method: 'HEAD',
        signal: AbortSignal.timeout(5000),
      });
      expect(anonymous.status).toBe(401);
    });
  },
  { BODY_LIMIT_BYTES: String(LIMIT) },
);
