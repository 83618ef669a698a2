/** Authorization headers the API must refuse with 401, and a valid token written in upper case. */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { signToken } from '../auth/tokens.js';
import { TEST_SECRET } from './app.js';

/** Authorization headers that must all be refused with 401. */
export async function garbageAuthorizations(companyId: string): Promise<Record<string, string>[]> {
  const key = new TextEncoder().encode(TEST_SECRET);
  const user = { userId: randomUUID(), companyId, role: 'admin' as const };
  const expired = await new SignJWT({ company_id: companyId, role: 'admin' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.userId)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
    .sign(key);
  const badClaims = await new SignJWT({ company_id: 'acme', role: 'superuser', team_id: 7 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('x')
    .sign(key);
  const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
    JSON.stringify({ sub: user.userId, company_id: companyId, role: 'admin' }),
  ).toString('base64url')}.`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return [
    { authorization: 'Bearer' },
    { authorization: 'Basic Zm9vOmJhcg==' },
    bearer('garbage'),
    bearer('a.b.c'),
    bearer('x'.repeat(10_000)),
    bearer(expired),
    bearer(badClaims),
    bearer(unsigned),
    bearer(await signToken('another-secret-that-is-at-least-32-characters', user)),
    bearer(await signToken(TEST_SECRET, user, '1h', { purpose: 'stream' })),
  ];
}

/** A valid admin token whose uuids (sub, company_id) are written in upper case. */
export async function upperCaseAuthorization(
  companyId: string,
  userId: string,
): Promise<Record<string, string>> {
  const token = await signToken(TEST_SECRET, {
    userId: userId.toUpperCase(),
    companyId: companyId.toUpperCase(),
    role: 'admin',
  });
  return { authorization: `Bearer ${token}` };
}
