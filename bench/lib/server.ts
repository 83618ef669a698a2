/**
 * The service listening on a real port (127.0.0.1, ephemeral), built exactly like `serve` builds
 * it but silent, so HTTP figures include Fastify, auth, validation, serialization and the socket.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import type { Role } from '../../src/auth/roles.js';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/connect.js';

export const BENCH_SECRET = 'bench-secret-that-is-at-least-32-characters-long';

export interface BenchServer {
  baseUrl: string;
  app: Awaited<ReturnType<typeof buildApp>>;
  secret: string;
  /** `Authorization` header value for a new user of the company with this role. */
  bearer(companyId: string, role: Role): Promise<string>;
  close(): Promise<void>;
}

export async function startServer(db: Db): Promise<BenchServer> {
  const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false', LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, db, secret: BENCH_SECRET });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    secret: BENCH_SECRET,
    bearer: async (companyId, role) =>
      `Bearer ${await signToken(BENCH_SECRET, { userId: randomUUID(), companyId, role, teamId: null })}`,
    close: () => app.close(),
  };
}
