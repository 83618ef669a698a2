/** Demo sign-in: the persona list and a token for a chosen persona (only when DEMO_MODE is on). */
import { Type } from 'typebox';
import type { AppInstance } from '../app.js';
import type { Role } from '../auth/roles.js';
import { signToken } from '../auth/tokens.js';
import { notFound } from '../errors.js';
import { DEMO_COMPANY_ID } from './directory.js';

const Persona = Type.Object({
  user_id: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
  team_id: Type.Union([Type.String(), Type.Null()]),
  team_name: Type.Union([Type.String(), Type.Null()]),
});

async function listPersonas(app: AppInstance) {
  return app.ctx.db.kysely
    .selectFrom('users as u')
    .leftJoin('teams as t', (j) =>
      j.onRef('t.company_id', '=', 'u.company_id').onRef('t.id', '=', 'u.team_id'),
    )
    .select(['u.id as user_id', 'u.name', 'u.email', 'u.role', 'u.team_id', 't.name as team_name'])
    .where('u.company_id', '=', DEMO_COMPANY_ID)
    .where('u.active', '=', true)
    .orderBy('u.role')
    .orderBy('u.name')
    .execute();
}

export function registerDemoRoutes(app: AppInstance) {
  app.get(
    '/demo/personas',
    {
      config: { public: true },
      schema: {
        tags: ['demo'],
        summary: 'Demo users to sign in as',
        security: [],
        response: { 200: Type.Object({ items: Type.Array(Persona) }) },
      },
    },
    async () => ({ items: await listPersonas(app) }),
  );
  app.post(
    '/demo/session',
    {
      config: { public: true },
      schema: {
        tags: ['demo'],
        summary: 'A 12-hour token for a demo persona',
        security: [],
        body: Type.Object({ user_id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            token: Type.String(),
            expires_in: Type.Integer({ description: 'seconds' }),
            persona: Persona,
          }),
          404: { $ref: 'Problem#' },
        },
      },
    },
    async (request) => {
      const persona = (await listPersonas(app)).find((p) => p.user_id === request.body.user_id);
      if (!persona) throw notFound('Demo persona');
      // 12 h, or less when AUTH_MAX_TOKEN_TTL says so (a longer token would be refused).
      const ttl = Math.min(12 * 3600, app.ctx.config.authMaxTokenTtlSeconds);
      const token = await signToken(
        app.ctx.secret,
        {
          userId: persona.user_id,
          companyId: DEMO_COMPANY_ID,
          role: persona.role as Role,
          teamId: persona.team_id,
        },
        `${ttl}s`,
      );
      return { token, expires_in: ttl, persona };
    },
  );
}
