/**
 * `migrate --to-postgres`: an embedded installation copied into an empty PostgreSQL database has
 * the same rows (counts, checksums, ordered md5), consistent sequences, and keeps working.
 * Needs a PostgreSQL server: runs when TEST_DATABASE_URL is set (CI sets it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { scopeFor } from '../db/scope.js';
import { checkEvent } from '../events/ingest.js';
import { insertEvents } from '../events/queries/write-events.js';
import { eventInput } from '../test/factories.js';
import { pgliteTemplate } from '../test/pglite-templates.js';
import { copyToPostgres } from './copy-to-postgres.js';
import { createScratchDatabase } from './fresh-db.js';
import { runCli } from './run-cli.js';
import { orderedMd5, seedSample } from './sample-data.js';
import { listCopyTables, tableChecksums } from './table-checksums.js';

const ORDERED: Array<[string, string]> = [
  ['crm_activity_events', 'company_id, id'],
  ['event_changes', 'company_id, seq'],
  ['company_sequences', 'company_id'],
  ['users', 'company_id, id'],
  ['customers', 'company_id, id'],
  ['companies', 'id'],
];

describe.skipIf(!process.env.TEST_DATABASE_URL)('copy of the embedded database into PostgreSQL', () => {
  let source: Db;
  let target: Db;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let companies: string[];
  beforeAll(async () => {
    source = await openDb({ engine: 'pglite', from: pgliteTemplate('migrated') });
    await migrate(source);
    companies = await seedSample(source, { companies: 3, events: 400 });
    scratch = await createScratchDatabase();
    target = await openDb({ engine: 'postgres', url: scratch.url, poolSize: 2 });
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
    await scratch?.drop();
  });

  it('copies every table in chunks with equal counts and checksums', async () => {
    const seen = new Set<string>();
    const report = await copyToPostgres(source, target, { chunkRows: 150, onProgress: (t) => seen.add(t) });
    const tables = (await listCopyTables(source)).map((t) => t.name);
    expect(report.tables.map((t) => t.table)).toEqual(tables);
    expect(report.tables.find((t) => t.table === 'crm_activity_events')?.rows).toBe(1200);
    expect(seen.has('crm_activity_events')).toBe(true);
    expect(await tableChecksums(target, tables)).toEqual(await tableChecksums(source, tables));
    for (const [table, order] of ORDERED) {
      expect(await orderedMd5(target, table, order), table).toBe(await orderedMd5(source, table, order));
    }
  });

  it('keeps seqs and company_sequences consistent, so ingest continues on the target', async () => {
    const behind = await sql<{ n: number }>`
      select count(*)::int as n from company_sequences cs
      where cs.last_seq < (select max(seq) from event_changes ec where ec.company_id = cs.company_id)
         or cs.last_seq < (select max(seq) from crm_activity_events e where e.company_id = cs.company_id)`.execute(
      target.kysely,
    );
    expect(behind.rows[0]?.n).toBe(0);
    const companyId = companies[0] as string;
    const before = await target.kysely
      .selectFrom('company_sequences')
      .select('last_seq')
      .where('company_id', '=', companyId)
      .executeTakeFirstOrThrow();
    const checked = checkEvent(eventInput());
    if (!checked.ok) throw new Error(checked.detail);
    const [outcome] = await insertEvents(scopeFor(target, companyId), [checked.event]);
    expect(outcome?.status).toBe('created');
    const row = await target.kysely
      .selectFrom('crm_activity_events')
      .select('seq')
      .where('company_id', '=', companyId)
      .where('id', '=', outcome?.id as string)
      .executeTakeFirstOrThrow();
    expect(row.seq).toBe(before.last_seq + 1);
    // Idempotency keys came across too: re-sending a copied event is a duplicate, not a new row.
    const again = checkEvent(eventInput({ event_source: 'phone_system', external_id: 'sample-3' }));
    if (!again.ok) throw new Error(again.detail);
    const [dup] = await insertEvents(scopeFor(target, companyId), [again.event]);
    expect(dup?.status).toBe('duplicate');
  });

  it('refuses a target that holds data unless forced, then replaces it', async () => {
    await expect(copyToPostgres(source, target)).rejects.toThrow(
      /already holds data \(.*crm_activity_events.*\)\. Use an empty database, or add --force/,
    );
    const report = await copyToPostgres(source, target, { force: true });
    expect(report.tables.find((t) => t.table === 'crm_activity_events')?.rows).toBe(1200);
  });

  it('runs from the CLI on an embedded data directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'crm-copy-'));
    const cliTarget = await createScratchDatabase();
    try {
      const dataDir = join(root, 'data');
      const embedded = await openDb({ engine: 'pglite', dataDir });
      await migrate(embedded);
      await seedSample(embedded, { companies: 1, events: 30 });
      await embedded.close();
      const r = await runCli(['migrate', '--to-postgres', cliTarget.url], { DATA_DIR: dataDir });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/crm_activity_events\s+30 rows/);
      expect(r.out).toContain('row counts and checksums match the source');
      const again = await runCli(['migrate', '--to-postgres', cliTarget.url], { DATA_DIR: dataDir });
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/^The target database already holds data/);
      const withUrl = await runCli(['migrate', '--to-postgres', cliTarget.url], {
        DATABASE_URL: cliTarget.url,
        AUTH_JWT_SECRET: 'x'.repeat(32),
      });
      expect(withUrl.code).toBe(1);
      expect(withUrl.err).toMatch(/unset DATABASE_URL/);
      const nothing = await runCli(['migrate', '--to-postgres', cliTarget.url], {
        DATA_DIR: join(root, 'none'),
      });
      expect(nothing.code).toBe(1);
      expect(nothing.err.trim()).toBe(
        `There is no embedded database in ${join(root, 'none')} to copy (set DATA_DIR).`,
      );
    } finally {
      await cliTarget.drop();
      rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});
