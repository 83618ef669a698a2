/**
 * Stream authentication. EventSource cannot send headers, so browsers pass a short-lived token with
 * `purpose: 'stream'` in the URL. Such a token is accepted only here, and the long-lived API JWT is
 * never accepted in the URL (URLs end up in logs and browser history).
 */
import type { FastifyRequest } from 'fastify';
import { type JWTPayload, jwtVerify } from 'jose';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { bearerToken } from '../auth/plugin.js';
import { ROLES } from '../auth/roles.js';
import {
  checkLifetime,
  DEFAULT_LIFETIME,
  type LifetimePolicy,
  lifetimeOptions,
  refusal,
} from '../auth/token-lifetime.js';
import { signToken, type TokenVerifier, userOf, type VerifiedToken } from '../auth/tokens.js';
import { unauthorized } from '../errors.js';

export const STREAM_PURPOSE = 'stream';

const uuid = Type.String({ format: 'uuid' });
const checkClaims = Compile(
  Type.Object({
    sub: uuid,
    company_id: uuid,
    role: Type.Enum(ROLES),
    team_id: Type.Optional(Type.Union([uuid, Type.Null()])),
    purpose: Type.Literal(STREAM_PURPOSE),
    // The expiry of the API token it was issued for (seconds): the stream it opens ends then.
    session_exp: Type.Optional(Type.Number()),
  }),
);

/**
 * Signs a stream token for the caller; it carries the same identity for `ttlSeconds`, never past
 * the expiry of the API token it is issued for (`session.expiresAt`), which it also carries.
 */
export async function issueStreamToken(secret: string, session: VerifiedToken, ttlSeconds: number) {
  const now = Date.now();
  const sessionExp = Math.floor(session.expiresAt / 1000);
  // Accepted within the clock skew, yet expired: a stream opened with it would end at once.
  if (sessionExp <= Math.floor(now / 1000)) throw unauthorized('The token has expired.');
  const expiresIn = Math.max(1, Math.min(ttlSeconds, sessionExp - Math.floor(now / 1000)));
  const token = await signToken(secret, session.user, `${expiresIn}s`, {
    purpose: STREAM_PURPOSE,
    session_exp: sessionExp,
  });
  return { token, expires_at: new Date(now + expiresIn * 1000).toISOString(), expires_in: expiresIn };
}

/** Verifies a stream token signed by this service; anything else (API JWT, forged, expired) → 401. */
export async function verifyStreamToken(
  secret: string,
  token: string,
  policy: LifetimePolicy = DEFAULT_LIFETIME,
): Promise<VerifiedToken> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      ...lifetimeOptions(policy),
    }));
  } catch (error) {
    throw refusal(error, 'stream token');
  }
  checkLifetime(payload, policy, 'stream token');
  const exp = payload.exp as number; // present: required above
  if (payload.purpose !== STREAM_PURPOSE) {
    throw unauthorized('Only a stream token (POST /api/v1/stream/tokens) may be passed in the URL.');
  }
  if (!checkClaims.Check(payload)) throw unauthorized('The stream token lacks valid claims.');
  const claims = payload as unknown as Parameters<typeof userOf>[0] & { session_exp?: number };
  return { user: userOf(claims), expiresAt: Math.max(exp, claims.session_exp ?? exp) * 1000 };
}

/** The caller of a stream request: `Authorization: Bearer <api jwt>` or `?token=<stream token>`. */
export async function authenticateStream(
  request: FastifyRequest,
  verify: TokenVerifier,
  secret: string,
  policy?: LifetimePolicy,
): Promise<VerifiedToken> {
  const header = bearerToken(request);
  const query = request.query as Record<string, unknown>;
  const inUrl = query.token;
  if (header && inUrl !== undefined) throw unauthorized('Send either a bearer token or ?token=, not both.');
  if (header) return verify(header);
  if (typeof inUrl === 'string' && inUrl !== '') return verifyStreamToken(secret, inUrl, policy);
  throw unauthorized('A bearer token or a stream token (?token=) is required.');
}
