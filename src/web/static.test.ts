import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../errors.js';
import { hasWebBuild, registerWebApp } from './static.js';

describe('web app serving', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    app = Fastify();
    registerErrorHandling(app);
    app.get('/api/v1/known', async () => ({ ok: true }));
    await registerWebApp(app, dir);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers client-side routes with index.html, never cached', async () => {
    expect(hasWebBuild(dir)).toBe(true);
    for (const url of ['/', '/timeline?type=call', '/customers/5e14f34d-8e50-48f6-9901-a727ccdc43cb']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('id="root"');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const res = await app.inject({ url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('keeps problem+json 404s for unknown API routes, missing assets and traversal attempts', async () => {
    expect((await app.inject({ url: '/api/v1/known' })).json()).toEqual({ ok: true });
    for (const url of [
      '/api/v1/nope',
      '/api/nope?x=1',
      '/assets/missing.js',
      '/assets/..%2F..%2Fetc%2Fpasswd.txt',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
    }
    const post = await app.inject({ method: 'POST', url: '/timeline' });
    expect(post.statusCode).toBe(404);
  });
});
