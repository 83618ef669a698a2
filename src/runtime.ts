/**
 * Opens what a running service needs from its config: the database (migrated) and the token secret.
 * Shared by `serve` and the CLI commands so they behave the same way.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from './app.js';
import { type Config, ConfigError } from './config.js';
import { type Db, openDb } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { assertTenantLogin } from './db/tenant-login.js';

/**
 * The HS256 secret of what this server signs (cursors, stream tokens, demo sessions): AUTH_JWT_SECRET,
 * else INSTANCE_SECRET (with AUTH_JWKS_URL), else (embedded mode, one instance) generated once and
 * kept in the data dir. With DATABASE_URL one of the two is required (config.ts): instances
 * sharing a database must accept each other's cursors and stream tokens.
 */
export function resolveSecret(config: Config): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.instanceSecret) return config.instanceSecret;
  if (config.databaseUrl)
    throw new ConfigError(['INSTANCE_SECRET is required with AUTH_JWKS_URL and DATABASE_URL']);
  const file = join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** `onConnectionError`: PostgreSQL connections lost outside a statement (the caller logs them). */
export async function openConfiguredDb(
  config: Config,
  onConnectionError?: (error: Error & { retryInMs?: number }) => void,
): Promise<Db> {
  return config.databaseUrl
    ? openDb({
        engine: 'postgres',
        url: config.databaseUrl,
        tenantUrl: config.databaseTenantUrl,
        poolSize: config.dbPoolSize,
        statementTimeoutMs: config.dbStatementTimeoutMs,
        acquireTimeoutMs: config.dbAcquireTimeoutMs,
        onConnectionError,
      })
    : // On a worker thread: a long query must not freeze the server's other requests and streams.
      openDb({ engine: 'pglite', dataDir: config.dataDir, thread: true });
}

/** The configured database, migrated: all `crm-timeline migrate` needs (no token secret). */
export async function openMigratedDb(config: Config): Promise<{ db: Db; applied: string[] }> {
  const db = await openConfiguredDb(config);
  try {
    return { db, applied: await migrate(db) };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export async function openContext(
  config: Config,
  onConnectionError?: (error: Error & { retryInMs?: number }) => void,
): Promise<AppContext & { applied: string[] }> {
  const db = await openConfiguredDb(config, onConnectionError);
  try {
    const applied = await migrate(db);
    if (config.databaseTenantUrl) await assertTenantLogin(db);
    return { config, db, secret: resolveSecret(config), applied };
  } catch (error) {
    await db.close();
    throw error;
  }
}
