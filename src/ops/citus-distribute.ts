/**
 * Distributes a migrated database on Citus by running the SQL block of docs/scaling.md ("The
 * calls") as written: the document is the one source, so what operators run and what the tests run
 * on the cluster cannot drift apart. Used by the test setup on a Citus coordinator (TEST_CITUS=1).
 */
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/types.js';

const SCALING_DOC = new URL('../../docs/scaling.md', import.meta.url);

/** The statements of the document's first ```sql block after the heading "### The calls". */
export function documentedCitusCalls(doc = readFileSync(SCALING_DOC, 'utf8')): string[] {
  const section = doc.split('### The calls')[1];
  const block = section?.match(/```sql\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('docs/scaling.md: no ```sql block under "### The calls"');
  return block
    .split('\n')
    .filter((line) => !line.trim().startsWith('--') && !line.trim().startsWith('\\')) // comments, psql meta-commands
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whether the database's server runs Citus (the extension is installable or installed). */
export async function hasCitus(db: Db): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_available_extensions where name = 'citus'`.execute(db.kysely);
  return rows[0]?.n === 1;
}

/**
 * Runs the documented calls once per database: several test files open the same database at
 * once, so an advisory lock serializes them, and a table distributed already is not distributed
 * again (the other statements are idempotent as written). A call run on the workers whose row says
 * `success = f` stops it like an error.
 */
export async function distributeAsDocumented(db: Db): Promise<void> {
  await db.kysely.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext('crm citus distribute'))`.execute(conn);
    try {
      for (const statement of documentedCitusCalls()) {
        const table = statement.match(/create_distributed_table\('(\w+)'/)?.[1];
        if (table && (await isDistributed(conn, table))) continue; // a run that stopped half-way
        const { rows } = await sql.raw<{ success?: boolean; result?: string }>(statement).execute(conn);
        // run_command_on_workers reports a node's failure as a row instead of raising.
        const failed = rows.find((r) => r.success === false);
        if (failed)
          throw new Error(`docs/scaling.md call failed on a worker: ${statement}: ${failed.result}`);
      }
    } finally {
      await sql`select pg_advisory_unlock(hashtext('crm citus distribute'))`.execute(conn);
    }
  });
}

async function isDistributed(conn: Kysely<Database>, table: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_dist_partition where logicalrelid = to_regclass(${table})`.execute(
    conn,
  );
  return rows[0]?.n === 1;
}
