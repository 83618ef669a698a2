/** Authenticated GETs against the analytics API for a fixture company, as a given role and user. */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../auth/roles.js';
import { signToken } from '../../auth/tokens.js';
import { TEST_SECRET } from '../../test/app.js';
import type { Seeded } from './fixture.js';

export async function getAs(
  app: FastifyInstance,
  fx: Seeded,
  url: string,
  role: Role = 'executive',
  userId: string = fx.users.u1,
  teamId: string | null = null,
) {
  const token = await signToken(TEST_SECRET, { userId, companyId: fx.companyId, role, teamId });
  return app.inject({ url, headers: { authorization: `Bearer ${token}` } });
}
