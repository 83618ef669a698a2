/**
 * How every table would be laid out on Citus, and a schema inspection proving the layout is
 * possible: on a distributed table every primary key and unique index must contain the
 * distribution column, and a foreign key between distributed tables must join on it (so rows
 * that reference each other live on the same shard: tenant-colocated joins).
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

export const TENANT_COLUMN = 'company_id';

/** Tenant tables keyed by the tenant id under another name; colocated with the others. */
export const DISTRIBUTED_BY_OTHER_COLUMN: Record<string, { column: string; reason: string }> = {
  companies: { column: 'id', reason: 'the tenant itself: its id is the company_id of every other table' },
};

/** Small tables every tenant reads, replicated to every node. None yet: add one with its reason. */
export const REFERENCE_TABLES: Record<string, string> = {};

/** Tables that stay plain tables on the coordinator. */
export const LOCAL_TABLES: Record<string, string> = {
  schema_migrations: 'migration bookkeeping of this service, read and written by the coordinator only',
};

export type Placement =
  | { kind: 'distributed'; column: string }
  | { kind: 'reference' }
  | { kind: 'local' }
  | { kind: 'unplaced' };

interface Catalog {
  tables: Array<{ table: string; columns: string[] }>;
  uniques: Array<{ table: string; index: string; columns: string[] }>;
  foreignKeys: Array<{ table: string; name: string; refTable: string; pairs: Array<[string, string]> }>;
}

async function readCatalog(db: Db, schema: string): Promise<Catalog> {
  const tables = await sql<{ table: string; columns: string[] }>`
    select c.relname as "table",
           array(select a.attname::text from pg_attribute a
                 where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped order by a.attnum) as columns
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`.execute(db.kysely);
  // Unique indexes cover primary keys, unique constraints and plain unique indexes alike;
  // exclusion constraints are enforced per shard too. Expression columns (attnum 0) are skipped.
  const uniques = await sql<{ table: string; index: string; columns: string[] }>`
    select t.relname as "table", ic.relname as "index",
           array(select a.attname::text from unnest(i.indkey::int2[]) k
                 join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k) as columns
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_class ic on ic.oid = i.indexrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = ${schema} and (i.indisunique or i.indisexclusion)
    order by 1, 2`.execute(db.kysely);
  const fks = await sql<{ table: string; name: string; refTable: string; cols: string[]; refCols: string[] }>`
    select t.relname as "table", con.conname as name, rt.relname as "refTable",
           array(select a.attname::text from unnest(con.conkey) with ordinality k(n, o)
                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.o) as cols,
           array(select a.attname::text from unnest(con.confkey) with ordinality k(n, o)
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.o) as "refCols"
    from pg_constraint con
    join pg_class t on t.oid = con.conrelid
    join pg_class rt on rt.oid = con.confrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = ${schema} and con.contype = 'f'
    order by 1, 2`.execute(db.kysely);
  return {
    tables: tables.rows,
    uniques: uniques.rows,
    foreignKeys: fks.rows.map((f) => ({
      table: f.table,
      name: f.name,
      refTable: f.refTable,
      pairs: f.cols.map((c, i) => [c, f.refCols[i] ?? ''] as [string, string]),
    })),
  };
}

/** Where a table goes on Citus: from the explicit lists, else distributed by company_id if it has one. */
export function placementOf(table: string, columns: string[]): Placement {
  if (LOCAL_TABLES[table]) return { kind: 'local' };
  if (REFERENCE_TABLES[table]) return { kind: 'reference' };
  const other = DISTRIBUTED_BY_OTHER_COLUMN[table];
  if (other) return { kind: 'distributed', column: other.column };
  return columns.includes(TENANT_COLUMN)
    ? { kind: 'distributed', column: TENANT_COLUMN }
    : { kind: 'unplaced' };
}

export interface CitusPlan {
  placements: Map<string, Placement>;
  /** Why the schema cannot be distributed as planned; empty when it can. */
  problems: string[];
}

/** Inspects `schema` (default public) and checks every table against the Citus rules. */
export async function checkCitusReadiness(db: Db, schema = 'public'): Promise<CitusPlan> {
  const catalog = await readCatalog(db, schema);
  const placements = new Map(catalog.tables.map((t) => [t.table, placementOf(t.table, t.columns)]));
  const problems: string[] = [];
  for (const [table, p] of placements) {
    if (p.kind === 'unplaced') {
      problems.push(
        `table ${table} has no ${TENANT_COLUMN} column: add one, or list it in src/ops/citus-plan.ts as a reference table with a reason`,
      );
    }
  }
  for (const u of catalog.uniques) {
    const p = placements.get(u.table);
    if (p?.kind === 'distributed' && !u.columns.includes(p.column)) {
      problems.push(
        `unique index ${u.index} on ${u.table} (${u.columns.join(', ')}) lacks the distribution column ${p.column}`,
      );
    }
  }
  for (const fk of catalog.foreignKeys) {
    const from = placements.get(fk.table);
    const to = placements.get(fk.refTable);
    if (from?.kind === 'distributed' && to?.kind === 'distributed') {
      if (!fk.pairs.some(([c, r]) => c === from.column && r === to.column)) {
        problems.push(
          `foreign key ${fk.name} from ${fk.table} to ${fk.refTable} does not join ${from.column} = ${to.column}: it could cross tenants`,
        );
      }
    } else if (from?.kind === 'reference' && to?.kind === 'distributed') {
      problems.push(`foreign key ${fk.name} from reference table ${fk.table} to tenant table ${fk.refTable}`);
    } else if (from?.kind === 'local' && to?.kind !== 'local') {
      problems.push(`foreign key ${fk.name} from coordinator-local table ${fk.table} to ${fk.refTable}`);
    }
  }
  return { placements, problems };
}
