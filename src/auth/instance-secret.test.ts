/**
 * Several instances behind one database with tokens from the host CRM's JWKS (README "Running
 * several instances"): what one instance signs itself — a timeline cursor, a stream token — the
 * other accepts, because both sign with INSTANCE_SECRET; without it such a setup does not start,
 * and `crm-timeline migrate` needs no token secret at all.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { resolveSecret } from '../runtime.js';
import { describeEngines } from '../test/engines.js';

const INSTANCE_SECRET = 'instance-secret-shared-by-every-instance-0123';

/** A JWKS endpoint like the host CRM's, and tokens signed by its key. */
async function startIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'crm-1', alg: 'RS256' };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  const sign = (companyId: string, role: string) =>
    new SignJWT({ company_id: companyId, role })
      .setProtectedHeader({ alg: 'RS256', kid: 'crm-1' })
      .setSubject(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  return { url, sign, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

it('with AUTH_JWKS_URL and DATABASE_URL, INSTANCE_SECRET is required at start-up; migrate needs no secret', () => {
  const env = {
    DATABASE_URL: 'postgres://x@localhost/db',
    AUTH_JWKS_URL: 'https://crm.example.com/jwks.json',
  };
  expect(() => loadConfig(env)).toThrow(/INSTANCE_SECRET is required with AUTH_JWKS_URL and DATABASE_URL/);
  expect(() => loadConfig({ ...env, INSTANCE_SECRET: 'short' })).toThrow(
    /INSTANCE_SECRET must be at least 32/,
  );
  expect(() => loadConfig({ ...env, INSTANCE_SECRET, AUTH_JWT_SECRET: INSTANCE_SECRET })).toThrow(/set one/);
  expect(resolveSecret(loadConfig({ ...env, INSTANCE_SECRET }))).toBe(INSTANCE_SECRET);
  // `migrate` loads the configuration without token requirements.
  expect(() => loadConfig({ DATABASE_URL: env.DATABASE_URL }, { tokens: false })).not.toThrow();
  expect(() => loadConfig({ DATABASE_URL: env.DATABASE_URL })).toThrow(ConfigError);
});

if (process.env.TEST_DATABASE_URL) {
  it('crm-timeline migrate runs against PostgreSQL with no AUTH_JWT_SECRET', async () => {
    const env = { PATH: process.env.PATH, DATABASE_URL: process.env.TEST_DATABASE_URL };
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['bin/crm-timeline.js', 'migrate'], { env });
    expect(stdout).toMatch(/Database is up to date|Applied: /);
  }, 240_000); // a fresh process loading the TypeScript sources: ~40 s on the loaded test machine
}

describeEngines('two instances with AUTH_JWKS_URL and one INSTANCE_SECRET', (t) => {
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    issuer = await startIssuer();
    // Two instances sharing the secret, and a third configured with another one.
    for (const secret of [INSTANCE_SECRET, INSTANCE_SECRET, `other-${INSTANCE_SECRET}`]) {
      // Each instance resolves its own secret from its configuration, as `serve` does.
      const config = loadConfig({
        DEMO_MODE: 'false',
        SERVE_WEB: 'false',
        AUTH_JWKS_URL: issuer.url,
        INSTANCE_SECRET: secret,
        ...(t.engine === 'postgres' ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
      });
      const app = await buildApp({ config, db: t.db, secret: resolveSecret(config) });
      await app.ready();
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await issuer?.close();
  });

  it('a cursor and a stream token issued by one instance are accepted by the other', async () => {
    const [a, b, other] = apps as [FastifyInstance, FastifyInstance, FastifyInstance];
    const companyId = randomUUID();
    const headers = { authorization: `Bearer ${await issuer.sign(companyId, 'admin')}` };
    const ingest = await a.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers,
      payload: Array.from({ length: 3 }, (_, i) => ({
        customer_id: randomUUID(),
        user_id: randomUUID(),
        event_type: 'note',
        event_source: 'manual',
        event_title: `note ${i}`,
        event_timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      })),
    });
    expect(ingest.json().stored).toBe(3);
    const first = await a.inject({ url: '/api/v1/events?limit=2', headers });
    const cursor = first.json().next_cursor as string;
    const next = `/api/v1/events?limit=2&cursor=${encodeURIComponent(cursor)}`;
    const second = await b.inject({ url: next, headers });
    expect(second.statusCode).toBe(200);
    expect(second.json().items.map((e: { event_title: string }) => e.event_title)).toEqual(['note 0']);
    expect((await other.inject({ url: next, headers })).statusCode).toBe(400);

    const issued = await a.inject({ method: 'POST', url: '/api/v1/stream/tokens', headers });
    expect(issued.statusCode).toBe(200);
    // HEAD authenticates like GET and answers the stream's headers without an endless body.
    const stream = `/api/v1/stream?token=${encodeURIComponent(issued.json().token)}`;
    const opened = await b.inject({ method: 'HEAD', url: stream });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toMatch(/text\/event-stream/);
    expect((await other.inject({ method: 'HEAD', url: stream })).statusCode).toBe(401);
  }, 60_000);
});
