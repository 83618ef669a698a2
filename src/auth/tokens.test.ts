import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, signToken } from './tokens.js';

const SECRET = 'tokens-test-secret-that-is-at-least-32-characters';
const key = new TextEncoder().encode(SECRET);
const user = { userId: randomUUID(), companyId: randomUUID(), role: 'rep' as const, teamId: null };
const now = () => Math.floor(Date.now() / 1000);

/** A token with exactly the time claims given (none unless said). */
const withClaims = (claims: { exp?: number; iat?: number; nbf?: number }) => {
  const jwt = new SignJWT({ company_id: user.companyId, role: 'rep', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.userId);
  return jwt.sign(key);
};

afterEach(() => {
  vi.useRealTimers();
});

describe('token verifier', () => {
  it('answers a repeated token from its cache, but not past the token’s expiry', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), toFake: ['Date'] });
    const verify = createVerifier({ secret: SECRET, clockSkewSeconds: 0 });
    const token = await signToken(SECRET, user, '60s');
    expect((await verify(token)).user).toEqual(user);
    const jti = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).jti;
    expect(jti).toMatch(/^[0-9a-f-]{36}$/); // signed tokens carry a jti: audit entries name it
    expect(await verify(token)).toEqual({
      user,
      expiresAt: Date.parse('2026-01-01T00:01:00Z'),
      tokenId: jti,
    });
    vi.setSystemTime(new Date('2026-01-01T00:01:01Z'));
    await expect(verify(token)).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'The token has expired.',
    });
  });

  it('never accepts a token whose signature is wrong, even after the genuine one was verified', async () => {
    const verify = createVerifier({ secret: SECRET });
    const token = await signToken(SECRET, user);
    await verify(token);
    const [header, payload] = token.split('.');
    const forged = await signToken('another-secret-that-is-at-least-32-characters', user);
    await expect(verify(`${header}.${payload}.${forged.split('.')[2]}`)).rejects.toMatchObject({
      code: 'unauthorized',
    });
    // Same claims, other key: a different string, so the cache cannot answer for it.
    await expect(verify(forged)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refuses a token without expiry, naming the reason', async () => {
    const verify = createVerifier({ secret: SECRET });
    await expect(verify(await withClaims({ iat: now() }))).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('no expiry (exp claim)'),
    });
  });

  it('caps the lifetime: exp − iat, or exp − now without iat, within AUTH_MAX_TOKEN_TTL (+ skew)', async () => {
    const verify = createVerifier({ secret: SECRET, maxTtlSeconds: 3600, clockSkewSeconds: 60 });
    const t = now();
    expect((await verify(await withClaims({ iat: t, exp: t + 3600 }))).user.userId).toBe(user.userId);
    expect((await verify(await withClaims({ exp: t + 3600 }))).user.userId).toBe(user.userId);
    for (const claims of [
      { iat: t, exp: t + 3600 + 61 },
      { exp: t + 2 * 3600 },
      { iat: t - 1800, exp: t + 3600 }, // 1.5 h issued, though only 1 h is left
    ]) {
      await expect(verify(await withClaims(claims))).rejects.toMatchObject({
        code: 'unauthorized',
        message: expect.stringContaining('AUTH_MAX_TOKEN_TTL'),
      });
    }
    // The default: 24 h (signToken's 12 h demo sessions pass; a 30-day key does not).
    const byDefault = createVerifier({ secret: SECRET });
    await expect(byDefault(await signToken(SECRET, user, '12h'))).resolves.toBeDefined();
    await expect(byDefault(await signToken(SECRET, user, '30d'))).rejects.toMatchObject({
      message: expect.stringContaining('longer than the 86400 s'),
    });
  });

  it('refuses iat and nbf in the future beyond the clock skew, and tolerates them within it', async () => {
    const verify = createVerifier({ secret: SECRET, clockSkewSeconds: 60 });
    const t = now();
    await expect(verify(await withClaims({ iat: t + 300, exp: t + 600 }))).rejects.toMatchObject({
      message: expect.stringContaining('issued in the future (iat)'),
    });
    await expect(verify(await withClaims({ nbf: t + 300, exp: t + 600 }))).rejects.toMatchObject({
      message: expect.stringContaining('not valid yet (nbf'),
    });
    expect((await verify(await withClaims({ iat: t + 30, nbf: t + 30, exp: t + 600 }))).user).toEqual(user);
    // Expired 30 s ago: within the skew.
    expect((await verify(await withClaims({ iat: t - 600, exp: t - 30 }))).user).toEqual(user);
  });

  it('lower-cases the ids it reads, so an upper-case sub is the same user', async () => {
    const verify = createVerifier({ secret: SECRET });
    const shouting = { ...user, userId: user.userId.toUpperCase(), companyId: user.companyId.toUpperCase() };
    const teamId = randomUUID();
    const verified = await verify(await signToken(SECRET, { ...shouting, teamId: teamId.toUpperCase() }));
    expect(verified.user).toEqual({ ...user, teamId });
  });
});
