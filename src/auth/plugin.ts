/**
 * Authenticates every /api request (routes opt out with `config: { public: true }`) and gives the
 * handler `request.user` and a company-scoped `request.scope`. company_id comes from the token only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/record.js';
import type { Db } from '../db/connect.js';
import { type Scope, scopeFor } from '../db/scope.js';
import { withTenant } from '../db/tenant-context.js';
import { unauthorized } from '../errors.js';
import type { AuthUser, TokenVerifier } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser;
    /** When the caller's token expires (ms since the epoch): a stream opened with it ends then. */
    tokenExpiresAt: number;
    scope: Scope;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
  return match[1];
}

/** The audit trail's "who and from where" of an authenticated request. */
function actorOf(request: FastifyRequest, tokenId: string | null): AuditActor {
  const agent = request.headers['user-agent'];
  return {
    userId: request.user.userId,
    role: request.user.role,
    tokenId,
    ip: request.ip ?? null,
    userAgent: typeof agent === 'string' ? agent.slice(0, 500) : null,
    requestId: request.id,
  };
}

export function registerAuth(app: FastifyInstance, db: Db, verify: TokenVerifier) {
  app.decorateRequest('user', null as unknown as AuthUser);
  app.decorateRequest('tokenExpiresAt', 0);
  app.decorateRequest('scope', null as unknown as Scope);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.public) return;
    if (!request.routeOptions.url) return; // unknown route: let the 404 handler answer
    const token = bearerToken(request);
    if (!token) throw unauthorized();
    const verified = await verify(token);
    ({ user: request.user, expiresAt: request.tokenExpiresAt } = verified);
    request.scope = scopeFor(db, request.user.companyId, actorOf(request, verified.tokenId ?? null));
  });
  // The request's database work runs as its company's tenant (db/tenant-context.ts): entered here
  // and again before the handler, as a body is parsed outside the context (like request-limits.ts).
  const enter = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    if (request.scope) withTenant(request.scope.companyId, done);
    else done();
  };
  app.addHook('onRequest', enter);
  app.addHook('preHandler', enter);
}
