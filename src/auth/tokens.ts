/** Bearer tokens: verification (HS256 secret or the host CRM's JWKS) and signing of demo/stream tokens. */
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Config } from '../config.js';
import { unauthorized } from '../errors.js';
import { ROLES, type Role } from './roles.js';
import {
  checkLifetime,
  DEFAULT_LIFETIME,
  type LifetimePolicy,
  lifetimeOptions,
  refusal,
} from './token-lifetime.js';

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

/** A verified token: who, and until when (ms since the epoch) — a stream ends then. */
export interface VerifiedToken {
  user: AuthUser;
  expiresAt: number;
  /** The token's `jti` (audit entries name the token a change was made with); null when absent. */
  tokenId?: string | null;
}

export interface TokenSettings extends Partial<LifetimePolicy> {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

/** The verifier's settings from the configuration (the app and the stream share them). */
export const tokenSettings = (config: Config, secret: string): TokenSettings => ({
  secret,
  jwksUrl: config.jwksUrl,
  issuer: config.jwtIssuer,
  audience: config.jwtAudience,
  maxTtlSeconds: config.authMaxTokenTtlSeconds,
  clockSkewSeconds: config.authClockSkewSeconds,
});

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

/** Verified tokens kept, so a session's every request does not pay the signature check again. */
const CACHE_MAX = 10_000;

/**
 * The identity in verified claims. Ids are lower-cased here, once: PostgreSQL prints uuids in
 * lower case, and an upper-case `sub` must not be another user wherever code compares ids.
 */
export function userOf(claims: Static<typeof Claims>): AuthUser {
  return {
    userId: claims.sub.toLowerCase(),
    companyId: claims.company_id.toLowerCase(),
    role: claims.role,
    teamId: claims.team_id?.toLowerCase() ?? null,
  };
}

export function createVerifier(settings: TokenSettings): TokenVerifier {
  const policy: LifetimePolicy = { ...DEFAULT_LIFETIME, ...definedOnly(settings) };
  const secret = new TextEncoder().encode(settings.secret ?? '');
  // The HMAC key is imported once: given raw bytes, jose imports them again on every call.
  const key = settings.jwksUrl
    ? Promise.resolve(createRemoteJWKSet(new URL(settings.jwksUrl)))
    : crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  // Keyed by the whole token string: only the exact bytes once verified hit. An entry lives until
  // the token's own expiry; Map order makes it a FIFO of bounded size.
  const verified = new Map<string, VerifiedToken>();
  return async (token) => {
    const hit = verified.get(token);
    if (hit && Date.now() < hit.expiresAt) return hit;
    if (hit) verified.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (await key) as CryptoKey, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: settings.jwksUrl ? undefined : ['HS256'],
        ...lifetimeOptions(policy),
      }));
    } catch (error) {
      throw refusal(error);
    }
    checkLifetime(payload, policy);
    const expiresAt = (payload.exp as number) * 1000; // present: required above
    const tokenId = typeof payload.jti === 'string' ? payload.jti.slice(0, 200) : null;
    if (payload.purpose !== undefined) throw unauthorized('This token cannot be used for API calls.');
    if (!checkClaims.Check(payload)) {
      throw unauthorized('The token lacks valid sub, company_id and role claims.');
    }
    const result = { user: userOf(payload as Static<typeof Claims>), expiresAt, tokenId };
    if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value as string);
    verified.set(token, result);
    return result;
  };
}

function definedOnly(s: TokenSettings): Partial<LifetimePolicy> {
  const out: Partial<LifetimePolicy> = {};
  if (s.maxTtlSeconds !== undefined) out.maxTtlSeconds = s.maxTtlSeconds;
  if (s.clockSkewSeconds !== undefined) out.clockSkewSeconds = s.clockSkewSeconds;
  return out;
}

/**
 * Signs an HS256 token (demo sessions, tests, integration keys made by the CLI). `ttl` is a jose
 * duration ('12h', '300s'); it must stay within AUTH_MAX_TOKEN_TTL for the token to be accepted.
 */
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
    .setJti(randomUUID()) // names the token in audit entries
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
