import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { signToken } from '../auth/tokens.js';
import { newCompany, TEST_SECRET } from '../test/app.js';
import { verifyStreamToken } from './stream-token.js';
import { describeStream, ingest } from './testing/harness.js';
import { openStream } from './testing/sse-client.js';

describeStream('stream: authentication, roles and bad input', (t) => {
  const url = (query = '') => `${t.base}/api/v1/stream${query}`;
  const problem = async (query: string, headers: Record<string, string> = {}) => {
    const sse = await openStream(url(query), { headers });
    const body = await sse.body;
    expect(sse.contentType).toContain('application/problem+json');
    return {
      status: sse.status,
      body: JSON.parse(body) as { detail: string; errors?: Array<{ path: string }> },
    };
  };

  it('a stream token from POST /stream/tokens opens the stream from the URL (EventSource)', async () => {
    const co = newCompany();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stream/tokens',
      headers: await co.auth('marketing'),
    });
    expect(res.statusCode).toBe(200);
    const { token, expires_in } = res.json();
    expect(expires_in).toBe(300);
    const sse = await openStream(url(`?token=${token}&type=email`));
    expect(sse.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const [id] = await ingest(t.app, co, [{ event_type: 'email', event_source: 'email' }]);
    await sse.waitFor((c) => c.messages.length === 1, 5000, 'event');
    sse.close();
    expect(sse.of<{ id: string }>('event.created')[0]?.id).toBe(id);
    // The stream token is good for nothing else.
    const api = await t.app.inject({ url: '/api/v1/events', headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(401);
  });

  it('refuses the long-lived API token, forged, foreign-secret and expired stream tokens in the URL', async () => {
    const co = newCompany();
    const user = { userId: randomUUID(), companyId: co.id, role: 'rep' as const };
    const apiToken = await co.token('rep');
    const foreign = await signToken('another-secret-that-is-at-least-32-characters', user, '5m', {
      purpose: 'stream',
    });
    const expired = await signToken(TEST_SECRET, user, '-2m', { purpose: 'stream' }); // beyond the skew
    const valid = await signToken(TEST_SECRET, user, '5m', { purpose: 'stream' });
    const forged = `${valid.slice(0, -4)}AAAA`;
    const other = await signToken(TEST_SECRET, user, '5m', { purpose: 'export' });
    for (const token of [apiToken, foreign, expired, forged, other, 'not-a-jwt']) {
      const { status, body } = await problem(`?token=${token}`);
      expect(status, token).toBe(401);
      expect(body.detail).toMatch(/stream token|expired|invalid/i);
    }
    expect((await problem('')).status).toBe(401);
  });

  it('the stream follows the read policy: a stream token keeps the role and team of its issuer', async () => {
    const co = newCompany();
    const teamId = randomUUID();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stream/tokens',
      headers: await co.auth('team_lead', { teamId }),
    });
    const { user } = await verifyStreamToken(TEST_SECRET, res.json().token);
    expect(user).toMatchObject({ companyId: co.id, role: 'team_lead', teamId });
    // A token whose role the service does not know may not stream.
    const guest = await signToken(TEST_SECRET, {
      userId: randomUUID(),
      companyId: co.id,
      role: 'guest' as never,
    });
    expect((await problem('', { authorization: `Bearer ${guest}` })).status).toBe(401);
    const guestStream = await signToken(
      TEST_SECRET,
      { userId: randomUUID(), companyId: co.id, role: 'guest' as never },
      '5m',
      {
        purpose: 'stream',
      },
    );
    expect((await problem(`?token=${guestStream}`)).status).toBe(401);
  });

  it('ends a stream when the token that opened it expires, telling the client to re-authenticate', async () => {
    const co = newCompany();
    const user = { userId: randomUUID(), companyId: co.id, role: 'rep' as const };
    const shortLived = await signToken(TEST_SECRET, user, '2s');
    const started = Date.now();
    const sse = await openStream(url(), { headers: { authorization: `Bearer ${shortLived}` } });
    expect(sse.status).toBe(200);
    await sse.waitFor((c) => c.ended, 6000, 'the stream to end');
    expect(sse.messages.map((m) => m.event)).toEqual(['reauthenticate']);
    expect(JSON.parse(sse.messages[0]?.data ?? '{}')).toEqual({ reason: 'token_expired' });
    expect(Date.now() - started).toBeGreaterThan(900);
  });

  it('a stream token never outlives the API token it was issued for, nor does its stream', async () => {
    const co = newCompany();
    const user = { userId: randomUUID(), companyId: co.id, role: 'rep' as const };
    const apiToken = await signToken(TEST_SECRET, user, '3s');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stream/tokens',
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(res.json().expires_in).toBeLessThanOrEqual(3);
    const sse = await openStream(url(`?token=${res.json().token}`));
    expect(sse.status).toBe(200);
    await sse.waitFor((c) => c.ended, 7000, 'the stream to end');
    expect(sse.of('reauthenticate')).toHaveLength(1);
  });

  it('refuses stream tokens without expiry or issued in the future', async () => {
    const co = newCompany();
    const key = new TextEncoder().encode(TEST_SECRET);
    const claims = { company_id: co.id, role: 'rep', purpose: 'stream' };
    const t0 = Math.floor(Date.now() / 1000);
    const forever = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(randomUUID())
      .sign(key);
    const future = await new SignJWT({ ...claims, iat: t0 + 600, exp: t0 + 900 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(randomUUID())
      .sign(key);
    expect((await problem(`?token=${forever}`)).body.detail).toMatch(/no expiry/);
    expect((await problem(`?token=${future}`)).body.detail).toMatch(/issued in the future/);
  });

  it('bad input answers 400 problem+json naming the field', async () => {
    const headers = await newCompany().auth('rep');
    const cases: Array<[string, Record<string, string>, string]> = [
      ['?colour=red', {}, 'querystring.colour'],
      ['?type=fax', {}, 'querystring.type.0'],
      ['?last_event_id=12x', {}, 'querystring.last_event_id'],
      ['', { 'last-event-id': 'abc' }, 'headers.last-event-id'],
      ['?customer_id=nope', {}, 'querystring.customer_id.0'],
      ['?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z', {}, 'query.from'],
    ];
    for (const [query, extra, path] of cases) {
      const { status, body } = await problem(query, { ...headers, ...extra });
      expect(status, query).toBe(400);
      expect(
        body.errors?.map((e) => e.path),
        query,
      ).toContain(path);
    }
  });
});
