/** Test harness: an app on a test database, plus a fresh company with a token per role. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../app.js';
import type { Role } from '../auth/roles.js';
import { signToken } from '../auth/tokens.js';
import { loadConfig } from '../config.js';
import type { Db, Engine } from '../db/connect.js';
import { type Scope, scopeFor } from '../db/scope.js';
import { describeEngines } from './engines.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface TestContext {
  db: Db;
  engine: Engine;
  app: FastifyInstance;
}

/** Like describeEngines, with a built app (`t.app.inject`) on each engine. */
export function describeApp(name: string, body: (t: TestContext) => void, env: Record<string, string> = {}) {
  describeEngines(name, (base) => {
    const t = base as TestContext;
    beforeAll(async () => {
      const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false', ...env });
      t.app = await buildApp({ config, db: t.db, secret: TEST_SECRET });
      await t.app.ready();
    });
    afterAll(async () => {
      await t.app?.close();
    });
    body(t);
  });
}

export interface TestCompany {
  id: string;
  scope: (db: Db) => Scope;
  /** A token for a new user of this company with the given role (and team). */
  token(role: Role, opts?: { userId?: string; teamId?: string | null }): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for inject(). */
  auth(role: Role, opts?: { userId?: string; teamId?: string | null }): Promise<{ authorization: string }>;
}

export function newCompany(): TestCompany {
  const id = randomUUID();
  const company: TestCompany = {
    id,
    scope: (db) => scopeFor(db, id),
    token: (role, opts = {}) =>
      signToken(TEST_SECRET, {
        userId: opts.userId ?? randomUUID(),
        companyId: id,
        role,
        teamId: opts.teamId ?? null,
      }),
    auth: async (role, opts) => ({ authorization: `Bearer ${await company.token(role, opts)}` }),
  };
  return company;
}
