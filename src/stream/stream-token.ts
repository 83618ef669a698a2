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
import { type AuthUser, signToken, type TokenVerifier } from '../auth/tokens.js';
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
  }),
);

/** Signs a stream token for the caller; it carries the same identity, for `ttlSeconds`. */
export async function issueStreamToken(secret: string, user: AuthUser, ttlSeconds: number) {
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = await signToken(secret, user, `${ttlSeconds}s`, { purpose: STREAM_PURPOSE });
  return { token, expires_at: expiresAt.toISOString(), expires_in: ttlSeconds };
}

/** Verifies a stream token signed by this service; anything else (API JWT, forged, expired) → 401. */
export async function verifyStreamToken(secret: string, token: string): Promise<AuthUser> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw unauthorized(expired ? 'The stream token has expired.' : 'The stream token is invalid.');
  }
  if (payload.purpose !== STREAM_PURPOSE) {
    throw unauthorized('Only a stream token (POST /api/v1/stream/tokens) may be passed in the URL.');
  }
  if (!checkClaims.Check(payload)) throw unauthorized('The stream token lacks valid claims.');
  const claims = payload as unknown as { sub: string; company_id: string; role: AuthUser['role'] };
  return {
    userId: claims.sub,
    companyId: claims.company_id,
    role: claims.role,
    teamId: (payload.team_id as string | null | undefined) ?? null,
  };
}

/** The caller of a stream request: `Authorization: Bearer <api jwt>` or `?token=<stream token>`. */
export async function authenticateStream(
  request: FastifyRequest,
  verify: TokenVerifier,
  secret: string,
): Promise<AuthUser> {
  const header = bearerToken(request);
  const query = request.query as Record<string, unknown>;
  const inUrl = query.token;
  if (header && inUrl !== undefined) throw unauthorized('Send either a bearer token or ?token=, not both.');
  if (header) return verify(header);
  if (typeof inUrl === 'string' && inUrl !== '') return verifyStreamToken(secret, inUrl);
  throw unauthorized('A bearer token or a stream token (?token=) is required.');
}
