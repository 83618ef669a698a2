/**
 * The time rules every token this service accepts must keep, API and stream tokens alike: an
 * expiry (`exp`), a lifetime within AUTH_MAX_TOKEN_TTL (exp − iat, or exp − now without iat), and
 * no `iat`/`nbf` in the future beyond the allowed clock skew. Each refusal names its reason.
 */
import type { JWTPayload, JWTVerifyOptions } from 'jose';
import { unauthorized } from '../errors.js';

export interface LifetimePolicy {
  /** Longest lifetime accepted, seconds. */
  maxTtlSeconds: number;
  /** Clock difference tolerated between the issuer and this server, seconds. */
  clockSkewSeconds: number;
}

export const DEFAULT_LIFETIME: LifetimePolicy = { maxTtlSeconds: 24 * 3600, clockSkewSeconds: 60 };

/** jose's share of the checks: exp present and not past, nbf not future (both with the skew). */
export const lifetimeOptions = (p: LifetimePolicy): JWTVerifyOptions => ({
  requiredClaims: ['exp'],
  clockTolerance: p.clockSkewSeconds,
});

/** The 401 for an error jose raised, naming which rule the token broke. */
export function refusal(error: unknown, what = 'token') {
  const e = error as { code?: string; claim?: string; reason?: string };
  if (e.code === 'ERR_JWT_EXPIRED') return unauthorized(`The ${what} has expired.`);
  if (e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (e.claim === 'exp' && e.reason === 'missing')
      return unauthorized(`The ${what} has no expiry (exp claim); only expiring tokens are accepted.`);
    if (e.claim === 'nbf') return unauthorized(`The ${what} is not valid yet (nbf is in the future).`);
    if (e.claim === 'iss') return unauthorized(`The ${what} was issued by another issuer (iss).`);
    if (e.claim === 'aud') return unauthorized(`The ${what} is meant for another audience (aud).`);
  }
  return unauthorized(`The ${what} is invalid.`);
}

/** The rest, on a payload jose verified: iat not in the future, lifetime within the cap. */
export function checkLifetime(
  payload: JWTPayload,
  p: LifetimePolicy,
  what = 'token',
  now = Date.now(),
): void {
  const nowS = now / 1000;
  const { exp, iat } = payload as { exp: number; iat?: number };
  if (iat !== undefined && iat > nowS + p.clockSkewSeconds) {
    throw unauthorized(`The ${what} was issued in the future (iat); check the issuer's clock.`);
  }
  const lifetime = exp - (iat ?? nowS);
  if (lifetime > p.maxTtlSeconds + p.clockSkewSeconds) {
    throw unauthorized(
      `The ${what} lives ${Math.round(lifetime)} s, longer than the ${p.maxTtlSeconds} s this server accepts (AUTH_MAX_TOKEN_TTL).`,
    );
  }
}
