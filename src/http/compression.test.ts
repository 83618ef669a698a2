import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../errors.js';
import { describeStream, ingest } from '../stream/testing/harness.js';
import { newCompany } from '../test/app.js';
import { registerWebApp } from '../web/static.js';
import { registerCompression } from './compression.js';

describe('compressed static files', () => {
  it('serves the web app’s large assets compressed, as the client accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    const chunk = `export const charts = ${JSON.stringify(Array.from({ length: 20_000 }, (_, i) => `series-${i}`))};`;
    writeFileSync(join(dir, 'assets', 'charts-abc123.js'), chunk);
    const app = Fastify();
    registerErrorHandling(app);
    await registerCompression(app);
    await registerWebApp(app, dir);
    try {
      const url = '/assets/charts-abc123.js';
      const br = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['cache-control']).toContain('immutable');
      expect(br.rawPayload.length).toBeLessThan(chunk.length / 4);
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(chunk);
      const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString()).toBe(chunk);
      const plain = await app.inject({ url });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(chunk);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeStream('compression on a real socket', (t) => {
  it('compresses a large JSON answer', async () => {
    const co = newCompany();
    await ingest(
      t.app,
      co,
      Array.from({ length: 30 }, () => ({})),
    );
    const res = await fetch(`${t.base}/api/v1/events?limit=30`, {
      headers: { ...(await co.auth('admin')), 'accept-encoding': 'gzip' },
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(30);
  });

  it('never compresses or buffers the live stream: each event arrives when it is written', async () => {
    const co = newCompany();
    const auth = await co.auth('rep');
    const received: string[] = [];
    let headers: http.IncomingHttpHeaders = {};
    const req = http.get(`${t.base}/api/v1/stream`, {
      headers: { ...auth, accept: 'text/event-stream', 'accept-encoding': 'gzip, deflate, br' },
    });
    const opened = new Promise<void>((resolve) =>
      req.on('response', (res) => {
        headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => received.push(chunk));
        resolve();
      }),
    );
    try {
      await opened;
      expect(headers['content-type']).toContain('text/event-stream');
      expect(headers['content-encoding']).toBeUndefined();
      await new Promise((r) => setTimeout(r, 50));
      for (const title of ['first', 'second']) {
        const before = Date.now();
        await ingest(t.app, co, [{ event_title: title }]);
        await expect
          .poll(() => received.join('').includes(`"event_title":"${title}"`), { timeout: 2000, interval: 10 })
          .toBe(true);
        expect(Date.now() - before).toBeLessThan(2000);
      }
    } finally {
      req.destroy();
    }
  });
});
