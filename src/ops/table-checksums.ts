/**
 * The application's tables as a copy sees them (foreign-key order, insertable columns) and an
 * order-independent checksum of each, so two databases can be compared table by table.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

export interface CopyTable {
  name: string;
  /** Columns a copy writes: generated columns are recomputed by the target. */
  columns: string[];
  /** Has GENERATED ALWAYS identity columns (inserting them needs OVERRIDING SYSTEM VALUE). */
  identityAlways: boolean;
}

const BOOKKEEPING = new Set(['schema_migrations']);

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Tables of the public schema (schema_migrations excepted), referenced tables before referencing ones. */
export async function listCopyTables(db: Db): Promise<CopyTable[]> {
  const { rows } = await sql<{ name: string; columns: string[]; identity_always: boolean }>`
    select c.relname as name,
           array(select a.attname::text from pg_attribute a
                 where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                 order by a.attnum) as columns,
           exists(select 1 from pg_attribute a where a.attrelid = c.oid and a.attidentity = 'a') as identity_always
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`.execute(db.kysely);
  const deps = await sql<{ child: string; parent: string }>`
    select t.relname as child, r.relname as parent
    from pg_constraint con
    join pg_class t on t.oid = con.conrelid join pg_class r on r.oid = con.confrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and con.contype = 'f' and con.conrelid <> con.confrelid`.execute(db.kysely);
  const tables = rows
    .filter((r) => !BOOKKEEPING.has(r.name))
    .map((r) => ({ name: r.name, columns: r.columns, identityAlways: r.identity_always }));
  // Topological order (Kahn), alphabetical among equals so runs are repeatable.
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const d of deps.rows) if (parents.has(d.parent)) parents.get(d.child)?.add(d.parent);
  const ordered: CopyTable[] = [];
  const done = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find(
      (t) => !done.has(t.name) && [...(parents.get(t.name) ?? [])].every((p) => done.has(p)),
    );
    if (!next) throw new Error('The foreign keys between tables form a cycle; copy them by hand.');
    ordered.push(next);
    done.add(next.name);
  }
  return ordered;
}

export interface TableChecksum {
  table: string;
  rows: number;
  /** Sum of the first 60 bits of md5(row text) over all rows: independent of row order. */
  checksum: string;
}

/** Row count and checksum of each table, rendered in UTC/ISO so both engines print rows alike. */
export async function tableChecksums(db: Db, tables: string[]): Promise<TableChecksum[]> {
  return db.kysely.transaction().execute(async (trx) => {
    await sql`set local timezone = 'UTC'`.execute(trx);
    await sql`set local datestyle = 'ISO, YMD'`.execute(trx);
    const out: TableChecksum[] = [];
    for (const table of tables) {
      const { rows } = await sql<{ n: string; sum: string }>`
        select count(*)::text as n,
               coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text as sum
        from ${sql.id(table)} t`.execute(trx);
      out.push({ table, rows: Number(rows[0]?.n ?? 0), checksum: rows[0]?.sum ?? '0' });
    }
    return out;
  });
}
