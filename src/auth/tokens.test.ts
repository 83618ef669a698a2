import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, signToken } from './tokens.js';

const SECRET = 'tokens-test-secret-that-is-at-least-32-characters';
const user = { userId: randomUUID(), companyId: randomUUID(), role: 'rep' as const, teamId: null };

afterEach(() => {
  vi.useRealTimers();
});

describe('token verifier', () => {
  it('answers a repeated token from its cache, but not past the token’s expiry', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), toFake: ['Date'] });
    const verify = createVerifier({ secret: SECRET });
    const token = await signToken(SECRET, user, '60s');
    expect(await verify(token)).toEqual(user);
    expect(await verify(token)).toEqual(user);
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

  it('verifies a token without expiry every time (nothing bounds how long it could be cached)', async () => {
    const verify = createVerifier({ secret: SECRET });
    const key = new TextEncoder().encode(SECRET);
    const token = await new SignJWT({ company_id: user.companyId, role: 'rep' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .sign(key);
    expect((await verify(token)).userId).toBe(user.userId);
    const other = createVerifier({ secret: 'a-different-secret-that-is-at-least-32-chars' });
    await expect(other(token)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
