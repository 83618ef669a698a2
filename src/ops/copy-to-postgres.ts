/**
 * `crm-timeline migrate --to-postgres URL`: copies the embedded database into a PostgreSQL server,
 * so a team that outgrows one laptop keeps its data. The source is read in one repeatable-read
 * snapshot and the target is written in one transaction: the copy is consistent (events, change
 * log and company_sequences agree) and all-or-nothing. Values travel as text, which every type's
 * input function parses back exactly (no float, bigint or time-zone rounding through JavaScript).
 */
import type pg from 'pg';
import type { Db } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { OpsError } from './ops-error.js';
import {
  type CopyTable,
  listCopyTables,
  quoteIdent,
  type TableChecksum,
  tableChecksums,
} from './table-checksums.js';

export interface CopyOptions {
  /** Replace the target's rows when it already holds data. */
  force?: boolean;
  /** Rows per INSERT (capped so parameters stay under PostgreSQL's 65,535). */
  chunkRows?: number;
  onProgress?: (table: string, copied: number) => void;
}

export interface CopyReport {
  migrationsApplied: string[];
  tables: TableChecksum[];
}

const SESSION = [
  "set local timezone = 'UTC'",
  "set local datestyle = 'ISO, YMD'",
  "set local intervalstyle = 'postgres'",
];

async function tablesWithRows(client: pg.PoolClient, tables: CopyTable[]): Promise<string[]> {
  const nonEmpty: string[] = [];
  for (const t of tables) {
    const { rows } = await client.query(`select exists(select 1 from ${quoteIdent(t.name)}) as any`);
    if (rows[0]?.any) nonEmpty.push(t.name);
  }
  return nonEmpty;
}

function insertStatement(t: CopyTable, rowCount: number): string {
  const width = t.columns.length;
  const tuples = Array.from(
    { length: rowCount },
    (_, r) => `(${t.columns.map((_, c) => `$${r * width + c + 1}`).join(',')})`,
  );
  const override = t.identityAlways ? ' overriding system value' : '';
  return `insert into ${quoteIdent(t.name)} (${t.columns.map(quoteIdent).join(',')})${override} values ${tuples.join(',')}`;
}

/** Moves serial/identity sequences past the copied ids, so the next insert does not collide. */
async function resetSequences(client: pg.PoolClient) {
  const { rows } = await client.query<{ seq: string; tbl: string; col: string }>(`
    select quote_ident(s.relname) as seq, quote_ident(t.relname) as tbl, quote_ident(a.attname) as col
    from pg_class s
    join pg_depend d on d.objid = s.oid and d.deptype in ('a', 'i')
    join pg_class t on t.oid = d.refobjid
    join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
    join pg_namespace n on n.oid = s.relnamespace
    where s.relkind = 'S' and n.nspname = 'public'`);
  for (const r of rows) {
    await client.query(
      `select setval('${r.seq}', coalesce((select max(${r.col}) from ${r.tbl}), 0) + 1, false)`,
    );
  }
}

/** Copies every table of `source` (PGlite) into `target` (PostgreSQL), then compares checksums. */
export async function copyToPostgres(source: Db, target: Db, options: CopyOptions = {}): Promise<CopyReport> {
  if (!source.pglite) throw new OpsError('The source of a copy must be the embedded database.');
  if (!target.pool) throw new OpsError('The target of a copy must be a PostgreSQL server.');
  const pglite = source.pglite;
  const migrationsApplied = await migrate(target);
  const tables = await listCopyTables(source);
  const client = await target.pool.connect();
  try {
    await client.query('begin');
    for (const s of SESSION) await client.query(s);
    const nonEmpty = await tablesWithRows(client, tables);
    if (nonEmpty.length > 0) {
      if (!options.force) {
        throw new OpsError(
          `The target database already holds data (${nonEmpty.join(', ')}). Use an empty database, or add --force to replace that data.`,
        );
      }
      // --force replaces the whole database, the audit trail included: the operator's explicit act
      // lifts the append-only trigger for this transaction only (the copied chain still verifies).
      await client.query('alter table audit_log disable trigger audit_log_no_truncate');
      await client.query(`truncate ${tables.map((t) => quoteIdent(t.name)).join(', ')}`);
      await client.query('alter table audit_log enable trigger audit_log_no_truncate');
    }
    await pglite.transaction(async (tx) => {
      await tx.exec('set transaction isolation level repeatable read');
      for (const s of SESSION) await tx.exec(s);
      for (const t of tables) {
        // The target starts empty, but a trigger fired by a table copied earlier may have written
        // rows here (0031: a rebuilt rollup state sets the upkeep watermark): the source's rows win,
        // whatever order the tables come in.
        await client.query(`delete from ${quoteIdent(t.name)}`);
        const chunk = Math.max(1, Math.min(options.chunkRows ?? 1000, Math.floor(60_000 / t.columns.length)));
        const select = t.columns.map((c) => `${quoteIdent(c)}::text`).join(',');
        await tx.exec(`declare copy_cursor no scroll cursor for select ${select} from ${quoteIdent(t.name)}`);
        let copied = 0;
        for (;;) {
          const page = await tx.query<unknown[]>(`fetch ${chunk} from copy_cursor`, [], { rowMode: 'array' });
          if (page.rows.length === 0) break;
          await client.query(insertStatement(t, page.rows.length), page.rows.flat());
          copied += page.rows.length;
          options.onProgress?.(t.name, copied);
        }
        await tx.exec('close copy_cursor');
      }
    });
    await resetSequences(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  return {
    migrationsApplied,
    tables: await verifyCopy(
      source,
      target,
      tables.map((t) => t.name),
    ),
  };
}

/** Compares row counts and checksums of both sides; throws naming the tables that differ. */
export async function verifyCopy(source: Db, target: Db, tables: string[]): Promise<TableChecksum[]> {
  const [a, b] = [await tableChecksums(source, tables), await tableChecksums(target, tables)];
  const differ = a
    .filter((x, i) => x.rows !== b[i]?.rows || x.checksum !== b[i]?.checksum)
    .map((x) => x.table);
  if (differ.length) throw new OpsError(`The copy differs from the source in: ${differ.join(', ')}.`);
  return a;
}
