/**
 * The export's keyset fallback (event-cells.ts positionAfter): the next page starts after the last
 * row's exact stored instant, read by a primary-key lookup once the page is read; should that row
 * be gone or moved by then, the page's own millisecond stands. A plugin on the export's handle
 * (Kysely's seam for watching its queries) changes the page's last row in the database as soon as
 * the page is read, before the lookup: the export still lists every row once, in order.
 */
import { randomUUID } from 'node:crypto';
import { Kysely, type KyselyPlugin, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { PGliteDialect } from '../db/pglite-dialect.js';
import { scopeFor } from '../db/scope.js';
import type { Database } from '../db/types.js';
import { describeEngines } from '../test/engines.js';
import { readEventCells } from './event-cells.js';
import { pickEventColumns } from './event-columns.js';

/** Rows per page: the first page's last row is the second. */
const PAGE = 2;
const START = Date.parse('2026-11-02T10:00:00.250Z');

/** A company with six events a second apart (whole milliseconds, as the API stores them); ids in time order. */
async function seed(db: Kysely<Database>, companyId: string): Promise<string[]> {
  await sql`insert into companies (id, name) values (${companyId}, 'Fallback')`.execute(db);
  const ids = Array.from({ length: 6 }, () => randomUUID());
  for (const [i, id] of ids.entries())
    await sql`insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
        event_title, event_timestamp, seq)
      values (${companyId}, ${id}, ${randomUUID()}, ${randomUUID()}, 'note', 'import', ${`Event ${i}`},
        ${new Date(START + i * 1000).toISOString()}::timestamptz, ${i + 1})`.execute(db);
  return ids;
}

/**
 * A handle that does not wait for the export's connection: on PostgreSQL the pool's others; on
 * PGlite, whose driver lends its one connection to one borrower at a time (the export's query
 * keeps it until its plugins' transformResult returns), a second driver on the same engine.
 */
const aside = (db: Db): Kysely<Database> =>
  db.pglite ? new Kysely<Database>({ dialect: new PGliteDialect(db.pglite) }) : db.kysely;

/** Runs `change(id)` on the last row of the first page read, once, before the page is handed on. */
function onFirstPage(change: (id: string) => Promise<void>): KyselyPlugin {
  let done = false;
  return {
    transformQuery: (args) => args.node,
    transformResult: async ({ result }) => {
      const rows = result.rows as Array<{ id?: string; event_timestamp?: unknown }>;
      // A page is read with one row more than it lists, to know another page follows.
      const last = rows.length > PAGE ? rows[PAGE - 1] : undefined;
      if (!done && last?.id && last.event_timestamp !== undefined) {
        done = true;
        await change(last.id);
      }
      return result;
    },
  };
}

describeEngines('events export keyset fallback', (t) => {
  /** The ids an id-only export of a fresh company lists, `change` made to its first page's last row. */
  async function exportWhile(
    order: 'asc' | 'desc',
    change: (db: Kysely<Database>, companyId: string, id: string) => Promise<void>,
  ) {
    const companyId = randomUUID();
    const ids = await seed(t.db.kysely, companyId);
    const plugin = onFirstPage((id) => change(aside(t.db), companyId, id));
    const scope = { ...scopeFor(t.db, companyId), db: t.db.kysely.withPlugin(plugin) };
    const view = {
      filters: {},
      order,
      visible: { rows: null, reader: { userId: randomUUID(), email: null, team: null } },
    };
    const exported: unknown[] = [];
    for await (const cells of readEventCells(scope, view, pickEventColumns(['id']).columns, PAGE))
      exported.push(...cells.map((c) => c.id));
    return { exported, expected: order === 'asc' ? ids : [...ids].reverse() };
  }

  it('a page whose last row is deleted before the lookup: the rest follow, each once, in order', async () => {
    const remove = async (db: Kysely<Database>, companyId: string, id: string) => {
      await sql`delete from crm_activity_events where company_id = ${companyId} and id = ${id}`.execute(db);
    };
    for (const order of ['asc', 'desc'] as const) {
      // The deleted row was listed with its page, before it went.
      const { exported, expected } = await exportWhile(order, remove);
      expect(exported, order).toEqual(expected);
    }
  });

  it('a page whose last row moves before the lookup (behind the export): the rest follow, each once, in order', async () => {
    for (const order of ['asc', 'desc'] as const) {
      // A day before the first row (asc) or after it (desc): the moved row's new instant is already
      // passed, so a next page starting there would list the first page again.
      const back = (order === 'asc' ? -1 : 1) * 86_400_000;
      // The new instant is computed here, not by `event_timestamp + interval` in the UPDATE: Citus
      // refuses a STABLE function (timestamptz + interval) over a column in an UPDATE. The test's
      // events are whole milliseconds, so a Date carries them exactly.
      const move = async (db: Kysely<Database>, companyId: string, id: string) => {
        const { rows } = await sql<{ at: Date }>`select event_timestamp as at from crm_activity_events
          where company_id = ${companyId} and id = ${id}`.execute(db);
        const at = new Date((rows[0] as { at: Date }).at.getTime() + back);
        await sql`update crm_activity_events set event_timestamp = ${at}
          where company_id = ${companyId} and id = ${id}`.execute(db);
      };
      const { exported, expected } = await exportWhile(order, move);
      expect(exported, order).toEqual(expected);
    }
  });
});
