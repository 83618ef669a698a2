/** Calling the reports API as a user of a seeded company, in tests. */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../auth/roles.js';
import { signToken } from '../../auth/tokens.js';
import { TEST_SECRET } from '../../test/app.js';

export async function authAs(companyId: string, role: Role, userId: string, teamId: string | null = null) {
  const token = await signToken(TEST_SECRET, { userId, companyId, role, teamId });
  return { authorization: `Bearer ${token}` };
}

/** POST /reports/preview with a definition and a run period. */
export async function preview(
  app: FastifyInstance,
  headers: Record<string, string>,
  definition: Record<string, unknown>,
  run: Record<string, string> = {},
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/reports/preview',
    headers,
    payload: { definition: { visualization: 'table', ...definition }, ...run },
  });
  return { status: res.statusCode, body: res.json() };
}

/** POST /reports: saves a report (expects 201) and returns its id. */
export async function saveReport(
  app: FastifyInstance,
  headers: Record<string, string>,
  reportName: string,
  definition: Record<string, unknown>,
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers,
    payload: { report_name: reportName, definition },
  });
  if (res.statusCode !== 201) throw new Error(`POST /reports: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
