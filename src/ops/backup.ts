/**
 * `crm-timeline backup FILE` / `restore FILE` for the embedded database: a gzipped tarball of the
 * PGlite data directory (PGlite's dumpDataDir), taken while we hold the data-directory lock, so no
 * server writes during the dump. A restore builds the new directory beside the old one and swaps
 * them only once it opens, keeping the old one as pgdata.before-restore-<time>.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDb } from '../db/connect.js';
import { lockDataDir } from '../db/data-dir-lock.js';
import { OpsError } from './ops-error.js';

const hasDatabase = (dir: string) => existsSync(join(dir, 'pgdata', 'PG_VERSION'));

/** Writes a backup of the embedded database in `dataDir` to `file`; returns its size in bytes. */
export async function backupDataDir(dataDir: string, file: string): Promise<number> {
  if (!hasDatabase(dataDir)) throw new OpsError(`There is no embedded database in ${dataDir} to back up.`);
  const db = await openDb({ engine: 'pglite', dataDir }); // takes the lock: refuses while a server runs
  try {
    const dump = await (db.pglite as PGlite).dumpDataDir('gzip');
    const partial = `${file}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file); // never leave a truncated file under the requested name
    return statSync(file).size;
  } finally {
    await db.close();
  }
}

/** Replaces the embedded database in `dataDir` with the backup in `file` (`force` if one exists). */
export async function restoreDataDir(dataDir: string, file: string, options: { force?: boolean } = {}) {
  if (!existsSync(file)) throw new OpsError(`No backup file at ${file}.`);
  const release = lockDataDir(dataDir);
  const target = join(dataDir, 'pgdata');
  const staging = join(dataDir, 'pgdata.restoring');
  try {
    if (hasDatabase(dataDir) && !options.force) {
      throw new OpsError(
        `${dataDir} already holds a database. Add --force to replace it (the current one is kept as pgdata.before-restore-<time>).`,
      );
    }
    rmSync(staging, { recursive: true, force: true });
    let migrations: number;
    try {
      const pglite = await PGlite.create(staging, { loadDataDir: new Blob([readFileSync(file)]) });
      try {
        const { rows } = await pglite.query<{ n: number }>(
          'select count(*)::int as n from schema_migrations',
        );
        migrations = rows[0]?.n ?? 0;
      } finally {
        await pglite.close();
      }
    } catch {
      rmSync(staging, { recursive: true, force: true });
      throw new OpsError(`${file} is not a backup made by "crm-timeline backup" (it could not be opened).`);
    }
    let keptAs: string | undefined;
    if (existsSync(target)) {
      keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, keptAs);
    }
    renameSync(staging, target);
    return { migrations, keptAs };
  } finally {
    release();
  }
}
