import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { describeApp, newCompany } from '../test/app.js';

const CROSS = 'https://evil.example';
const ALLOWED = 'https://crm.example.com';

describeApp('security headers and closed CORS', (t) => {
  it('sends a strict content-security policy and the usual hardening headers on every kind of answer', async () => {
    const auth = await newCompany().auth('admin');
    for (const url of ['/healthz', '/api/v1/events?limit=1', '/api/v1/nope', '/docs/static/index.html']) {
      const res = await t.app.inject({ url, headers: auth });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("script-src-attr 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).toContain('frame-ancestors *');
      expect(csp, url).not.toContain('unsafe-eval');
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, url).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBeUndefined(); // frame-ancestors decides
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });

  it('sends no CORS header to another origin, and answers its preflight with a plain 404', async () => {
    const auth = await newCompany().auth('admin');
    const res = await t.app.inject({ url: '/api/v1/events?limit=1', headers: { ...auth, origin: CROSS } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/events',
      headers: { origin: CROSS, 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(404);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describeApp(
  'CORS for configured origins',
  (t) => {
    it('allows exactly the configured origins, preflight included', async () => {
      const auth = await newCompany().auth('admin');
      const ok = await t.app.inject({ url: '/api/v1/events?limit=1', headers: { ...auth, origin: ALLOWED } });
      expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(String(ok.headers['access-control-expose-headers'])).toContain('retry-after');
      const preflight = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/events',
        headers: {
          origin: ALLOWED,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

      expect(String(ok.headers['content-security-policy'])).toMatch(
        new RegExp(`frame-ancestors ${ALLOWED}(;|$)`),
      );

      const other = await t.app.inject({
        url: '/api/v1/events?limit=1',
        headers: { ...auth, origin: CROSS },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  },
  { CORS_ORIGINS: `${ALLOWED}, https://other.example:8443`, FRAME_ANCESTORS: ALLOWED },
);

describe('CORS_ORIGINS and FRAME_ANCESTORS', () => {
  it('is closed by default and takes only bare origins', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'a.example', 'https://a.example/', 'https://a.example/app', 'ftp://a.example'])
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({}).frameAncestors).toEqual(['*']);
    expect(loadConfig({ FRAME_ANCESTORS: 'none' }).frameAncestors).toEqual(["'none'"]);
    expect(() => loadConfig({ FRAME_ANCESTORS: 'crm.example' })).toThrow(/FRAME_ANCESTORS/);
  });
});
