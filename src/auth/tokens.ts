/** Bearer tokens: verification (HS256 secret or the host CRM's JWKS) and signing of demo/stream tokens. */
import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { unauthorized } from '../errors.js';
import { ROLES, type Role } from './roles.js';

const uuid = Type.String({ format: 'uuid' });
const Claims = Type.Object({
  sub: uuid,
  company_id: uuid,
  role: Type.Enum(ROLES),
  team_id: Type.Optional(Type.Union([uuid, Type.Null()])),
});
const checkClaims = Compile(Claims);

export interface AuthUser {
  userId: string;
  companyId: string;
  role: Role;
  teamId: string | null;
}

export interface TokenSettings {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export type TokenVerifier = (token: string) => Promise<AuthUser>;

/** Verified tokens kept, so a session's every request does not pay the signature check again. */
const CACHE_MAX = 10_000;

export function createVerifier(settings: TokenSettings): TokenVerifier {
  const secret = new TextEncoder().encode(settings.secret ?? '');
  // The HMAC key is imported once: given raw bytes, jose imports them again on every call.
  const key = settings.jwksUrl
    ? Promise.resolve(createRemoteJWKSet(new URL(settings.jwksUrl)))
    : crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  // Keyed by the whole token string: only the exact bytes once verified hit. An entry lives until
  // the token's own expiry; Map order makes it a FIFO of bounded size.
  const verified = new Map<string, { user: AuthUser; expiresAt: number }>();
  return async (token) => {
    const hit = verified.get(token);
    if (hit && Date.now() < hit.expiresAt) return hit.user;
    if (hit) verified.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (await key) as CryptoKey, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: settings.jwksUrl ? undefined : ['HS256'],
      }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw unauthorized(expired ? 'The token has expired.' : 'The token is invalid.');
    }
    if (payload.purpose !== undefined) throw unauthorized('This token cannot be used for API calls.');
    const { exp } = payload;
    if (!checkClaims.Check(payload)) {
      throw unauthorized('The token lacks valid sub, company_id and role claims.');
    }
    const claims = payload as Static<typeof Claims>;
    const user: AuthUser = {
      userId: claims.sub,
      companyId: claims.company_id,
      role: claims.role,
      teamId: claims.team_id ?? null,
    };
    // Tokens without an expiry are verified every time (nothing says how long they stay good).
    if (exp !== undefined) {
      if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value as string);
      verified.set(token, { user, expiresAt: exp * 1000 });
    }
    return user;
  };
}

/** Signs an HS256 token (demo sessions, tests, integration keys made by the CLI). */
export async function signToken(
  secret: string,
  user: { userId: string; companyId: string; role: Role; teamId?: string | null },
  ttl = '12h',
  extra: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ company_id: user.companyId, role: user.role, team_id: user.teamId ?? null, ...extra })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.userId)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
