/** Backup and restore of the embedded database: a round trip restores exactly what was backed up. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { seedDataDir } from '../test/pglite-templates.js';
import { backupDataDir, restoreDataDir } from './backup.js';
import { OpsError } from './ops-error.js';
import { runCli } from './run-cli.js';
import { orderedMd5, seedSample } from './sample-data.js';
import { listCopyTables, tableChecksums } from './table-checksums.js';

const root = mkdtempSync(join(tmpdir(), 'crm-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function snapshot(dataDir: string) {
  const db = await openDb({ engine: 'pglite', dataDir });
  try {
    const tables = (await listCopyTables(db)).map((t) => t.name);
    return {
      sums: await tableChecksums(db, tables),
      events: await orderedMd5(db, 'crm_activity_events', 'company_id, id'),
      changes: await orderedMd5(db, 'event_changes', 'company_id, seq'),
    };
  } finally {
    await db.close();
  }
}

describe('backup and restore of the embedded database', () => {
  const dataDir = join(root, 'data');
  const file = join(root, 'backup.tar.gz');

  it('restores exactly the backed-up rows (counts and checksums), keeping the replaced database', async () => {
    seedDataDir(dataDir, 'migrated'); // resumed instead of a new database (initdb takes seconds)
    const db = await openDb({ engine: 'pglite', dataDir });
    await migrate(db);
    const walSize = await sql<{ max_wal_size: string }>`show max_wal_size`.execute(db.kysely);
    expect(walSize.rows[0]?.max_wal_size).toBe('64MB'); // lowered for the embedded default
    await seedSample(db, { companies: 2, events: 200 });
    await db.close();
    const before = await snapshot(dataDir);
    expect(before.sums.find((s) => s.table === 'crm_activity_events')?.rows).toBe(400);

    expect(await backupDataDir(dataDir, file)).toBeGreaterThan(1000);
    // Changes after the backup must disappear with the restore.
    const later = await openDb({ engine: 'pglite', dataDir });
    await seedSample(later, { companies: 1, events: 50 });
    await later.close();
    expect((await snapshot(dataDir)).sums).not.toEqual(before.sums);

    await expect(restoreDataDir(dataDir, file)).rejects.toThrow(/already holds a database.*--force/);
    const restored = await restoreDataDir(dataDir, file, { force: true });
    expect(restored.keptAs).toMatch(/pgdata\.before-restore-/);
    expect(existsSync(restored.keptAs as string)).toBe(true);
    expect(await snapshot(dataDir)).toEqual(before);
  }, 180_000);

  it('refuses a file that is not a backup, leaving the database untouched', async () => {
    const junk = join(root, 'junk.tar.gz');
    writeFileSync(junk, 'not a tarball');
    const before = readdirSync(dataDir).sort();
    const error = await restoreDataDir(dataDir, junk, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpsError);
    expect((error as Error).message).toMatch(/is not a backup made by "crm-timeline backup"/);
    expect(readdirSync(dataDir).sort()).toEqual(before);
    await expect(restoreDataDir(dataDir, join(root, 'missing.tgz'))).rejects.toThrow(/No backup file/);
  });

  it('refuses politely through the CLI while a server holds the lock, and with DATABASE_URL', async () => {
    // A live process owning the lock file is what a running server looks like.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(dataDir, 'crm-timeline.lock'), String(holder.pid));
      const locked = await runCli(['backup', join(root, 'x.tgz')], { DATA_DIR: dataDir });
      expect(locked.code).toBe(1);
      expect(locked.err.trim()).toBe(
        `The embedded database in ${dataDir} is in use by process ${holder.pid}. Stop it first, or set DATABASE_URL to use PostgreSQL for several processes.`,
      );
      const restore = await runCli(['restore', file, '--force'], { DATA_DIR: dataDir });
      expect(restore.code).toBe(1);
      expect(restore.err).toContain(`in use by process ${holder.pid}`);
    } finally {
      holder.kill();
      rmSync(join(dataDir, 'crm-timeline.lock'), { force: true });
    }
    const pg = await runCli(['backup', join(root, 'y.tgz')], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      AUTH_JWT_SECRET: 'x'.repeat(32),
    });
    expect(pg.code).toBe(1);
    expect(pg.err.trim()).toMatch(/^backup works on the embedded database .*pg_dump/);
    const usage = await runCli(['backup'], { DATA_DIR: dataDir });
    expect(usage).toMatchObject({ code: 1 });
    expect(usage.err.trim()).toBe('Usage: crm-timeline backup FILE');
  }, 120_000);

  it('backs up and restores through the CLI', async () => {
    const cliFile = join(root, 'cli.tar.gz');
    const before = await snapshot(dataDir);
    const backup = await runCli(['backup', cliFile], { DATA_DIR: dataDir });
    expect(backup.err).toBe('');
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.out).toMatch(/^Backed up .* to .*cli\.tar\.gz \(\d+\.\d MB\)\./);
    const fresh = join(root, 'fresh');
    const restore = await runCli(['restore', cliFile], { DATA_DIR: fresh });
    expect(restore).toMatchObject({ code: 0 });
    expect(await snapshot(fresh)).toEqual(before);
  }, 180_000);
});
