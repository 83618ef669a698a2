/**
 * Operations commands: `config --check`, `backup FILE`, `restore FILE [--force]`, and
 * `migrate --to-postgres URL [--force]` (which extends the core `migrate`).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { backupDataDir, restoreDataDir } from '../ops/backup.js';
import { describeConfig } from '../ops/config-report.js';
import { copyToPostgres } from '../ops/copy-to-postgres.js';
import { OpsError } from '../ops/ops-error.js';
import type { Command } from './commands.js';

/** Prints an OpsError as the refusal it is (exit 1) instead of a stack trace. */
async function politely(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof OpsError)) throw error;
    console.error(error.message);
    return 1;
  }
}

function embeddedOnly(config: Config, what: string) {
  if (config.databaseUrl) {
    throw new OpsError(
      `${what} works on the embedded database (DATA_DIR); DATABASE_URL is set. For PostgreSQL use pg_dump / pg_restore.`,
    );
  }
}

function oneFile(args: string[], usage: string): string {
  if (args.length !== 1 || !args[0]) throw new OpsError(usage);
  return args[0];
}

async function copyCommand(config: Config, url: string, force: boolean): Promise<number> {
  if (config.databaseUrl) {
    throw new OpsError(
      'migrate --to-postgres copies the embedded database (DATA_DIR) into the URL you give; unset DATABASE_URL.',
    );
  }
  if (!/^postgres(ql)?:\/\/./.test(url)) throw new OpsError('--to-postgres needs a postgres:// URL.');
  if (!existsSync(join(config.dataDir, 'pgdata', 'PG_VERSION'))) {
    throw new OpsError(`There is no embedded database in ${config.dataDir} to copy (set DATA_DIR).`);
  }
  const source = await openDb({ engine: 'pglite', dataDir: config.dataDir });
  try {
    await migrate(source);
    const target = await openDb({ engine: 'postgres', url, poolSize: 2 });
    try {
      const report = await copyToPostgres(source, target, {
        force,
        onProgress: (table, n) => {
          if (n % 50_000 === 0) console.error(`${table}: ${n} rows…`);
        },
      }).catch((error: unknown) => {
        if (error instanceof OpsError) throw error;
        throw new OpsError(
          `The copy failed and the target's data was left unchanged: ${(error as Error).message}`,
        );
      });
      for (const t of report.tables) console.log(`${t.table.padEnd(28)} ${String(t.rows).padStart(10)} rows`);
      console.log(
        `Copied ${report.tables.length} tables; row counts and checksums match the source.\n` +
          `Start the service with DATABASE_URL set to the target and AUTH_JWT_SECRET set to the contents of ${join(config.dataDir, 'jwt-secret')} (if present), so issued tokens stay valid.`,
      );
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** The operations commands, given the core ones (whose `migrate` gains --to-postgres). */
export function opsCommands(core: Record<string, Command>): Record<string, Command> {
  const coreMigrate = core.migrate;
  const commands: Record<string, Command> = {
    config: {
      summary: 'Check the configuration (--check): print it with secrets masked; exit 1 listing problems.',
      usage: 'Usage: crm-timeline config --check',
      options: { check: { type: 'boolean' } },
      async run(config) {
        // Reaching here means loadConfig accepted the environment (main.ts lists problems otherwise).
        console.log(`Configuration is valid.\n${describeConfig(config)}`);
        return 0;
      },
    },
    backup: {
      summary: 'Back up the embedded database to FILE (a .tar.gz of the data directory).',
      usage: 'Usage: crm-timeline backup FILE',
      run: (config, _o, args) =>
        politely(async () => {
          const file = oneFile(args, 'Usage: crm-timeline backup FILE');
          embeddedOnly(config, 'backup');
          const bytes = await backupDataDir(config.dataDir, file);
          console.log(`Backed up ${config.dataDir} to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB).`);
          return 0;
        }),
    },
    restore: {
      summary: 'Restore the embedded database from a backup FILE (--force to replace one).',
      usage: 'Usage: crm-timeline restore FILE [--force]',
      options: { force: { type: 'boolean' } },
      run: (config, o, args) =>
        politely(async () => {
          const file = oneFile(args, 'Usage: crm-timeline restore FILE [--force]');
          embeddedOnly(config, 'restore');
          const r = await restoreDataDir(config.dataDir, file, { force: o.force === true });
          // The analytics replica is derived data: rebuilt from the restored database at next start.
          rmSync(config.analytics.dir, { recursive: true, force: true });
          console.log(
            `Restored ${file} into ${config.dataDir} (${r.migrations} migrations recorded; newer ones apply at the next start).` +
              (r.keptAs ? `\nThe previous database was kept in ${r.keptAs}.` : '') +
              '\nThe analytics replica is rebuilt from it at the next start.',
          );
          return 0;
        }),
    },
  };
  if (coreMigrate) {
    commands.migrate = {
      ...coreMigrate,
      summary: `${coreMigrate.summary} --to-postgres URL copies the embedded database into PostgreSQL.`,
      usage: 'Usage: crm-timeline migrate [--to-postgres postgres://… [--force]]',
      options: { ...coreMigrate.options, 'to-postgres': { type: 'string' }, force: { type: 'boolean' } },
      run: (config, o, args) =>
        politely(async () => {
          const url = o['to-postgres'];
          if (typeof url === 'string') return copyCommand(config, url, o.force === true);
          if (o.force) throw new OpsError('--force only applies with --to-postgres.');
          return (await coreMigrate.run(config, o, args)) ?? 0;
        }),
    };
  }
  return commands;
}
