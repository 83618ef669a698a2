/**
 * On a Citus cluster (TEST_CITUS=1, TEST_DATABASE_URL on the coordinator, schema distributed from
 * docs/scaling.md): a request's statements are router plans (one task, on the worker holding the
 * company's shard), companies' rows sit on the shards their ids hash to, and a large tenant can be
 * isolated on a shard of its own. Elsewhere only the parsing of the document's calls is checked.
 */
import { randomUUID } from 'node:crypto';
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventPage } from '../analytics/replica/source-rows.js';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/types.js';
import { checkEvent } from '../events/ingest.js';
import { getEvent, listTimelineEvents } from '../events/queries/list-events.js';
import { insertEvents, type NewEvent } from '../events/queries/write-events.js';
import { newCompany } from '../test/app.js';
import { openTestDb } from '../test/engines.js';
import { eventInput } from '../test/factories.js';
import { ALL_ROWS } from '../visibility/testing/all-rows.js';
import { documentedCitusCalls } from './citus-distribute.js';

const event = (overrides: Parameters<typeof eventInput>[0] = {}): NewEvent => {
  const c = checkEvent(eventInput(overrides));
  if (!c.ok) throw new Error(c.detail);
  return c.event;
};

it('reads the calls of docs/scaling.md: every table placed, psql meta-commands and comments left out', () => {
  const calls = documentedCitusCalls();
  expect(calls[0]).toBe('create extension if not exists citus');
  expect(calls).toContain("select create_distributed_table('companies', 'id')");
  expect(calls.some((c) => c.startsWith('\\') || c.includes('--'))).toBe(false);
  expect(
    documentedCitusCalls('### The calls\n```sql\n\\set ON_ERROR_STOP on\n-- x\nselect 1;\nselect 2;\n```'),
  ).toEqual(['select 1', 'select 2']);
});

if (process.env.TEST_CITUS === '1') {
  describe('Citus: router plans and tenant placement', () => {
    let db: Db;
    let pool: pg.Pool;
    let captured: CompiledQuery[] = [];
    let capturing: Kysely<Database>;
    const owner = (q: string, params: unknown[] = []) => pool.query(q, params);

    beforeAll(async () => {
      db = await openTestDb('postgres');
      pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 2 });
      capturing = new Kysely<Database>({
        dialect: new PostgresDialect({ pool }),
        log: (e) => {
          if (e.level === 'query') captured.push(e.query);
        },
      });
    }, 120_000);
    afterAll(async () => {
      await capturing?.destroy(); // ends the pool
      await db?.close();
    });

    /** The port of the worker holding `companyId`'s shard of `table`. */
    async function workerOf(companyId: string, table = 'companies'): Promise<number> {
      const { rows } = await owner(
        `select p.nodeport from pg_dist_shard_placement p
         where p.shardid = get_shard_id_for_distribution_column($1, $2::uuid)`,
        [table, companyId],
      );
      return rows[0].nodeport;
    }

    /** EXPLAIN of each captured statement that reads or writes a distributed table. */
    async function plansOf(queries: CompiledQuery[]): Promise<string[]> {
      const { rows } = await owner(`select table_name::text as t from citus_tables`);
      const tables = rows.map((r) => r.t as string);
      const plans: string[] = [];
      for (const q of queries) {
        if (!tables.some((t) => new RegExp(`\\b${t}\\b`).test(q.sql))) continue;
        const res = await owner(`explain (costs off) ${q.sql}`, q.parameters as unknown[]);
        plans.push(res.rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
      return plans;
    }

    function expectRouter(plans: string[], port: number) {
      expect(plans.length).toBeGreaterThan(0);
      for (const plan of plans) {
        expect(plan, plan).toMatch(/Task Count: 1\n/);
        expect(
          [...plan.matchAll(/Node: host=\S+ port=(\d+)/g)].map((m) => Number(m[1])),
          plan,
        ).toEqual([port]);
      }
    }

    async function seeded() {
      const co = newCompany();
      await insertEvents(co.scope(db), [event({ external_id: 'a' }), event({ external_id: 'b' })]);
      return co;
    }

    it('a timeline page, an event read and a KPI-source read are each one task on the company worker', async () => {
      const co = await seeded();
      const scope = { ...co.scope(db), db: capturing };
      const port = await workerOf(co.id);
      const cases = {
        page: () =>
          listTimelineEvents(scope, {
            filters: {},
            order: 'desc',
            limit: 50,
            visible: ALL_ROWS,
          }),
        event: async () =>
          getEvent(scope, (await readEventPage(co.scope(db), null, 1))[0]?.id ?? randomUUID()),
        kpiSource: () => readEventPage(scope, null, 1000),
      };
      for (const [name, run] of Object.entries(cases)) {
        captured = [];
        const result = await run();
        expect(result, name).not.toBeUndefined();
        const plans = await plansOf(captured);
        expectRouter(plans, port);
      }
    });

    it('an ingest is router statements on the company worker only', async () => {
      const co = newCompany();
      const scope = { ...co.scope(db), db: capturing };
      captured = [];
      const out = await insertEvents(scope, [event({ external_id: 'x' }), event({ external_id: 'y' })]);
      expect(out.map((o) => o.status)).toEqual(['created', 'created']);
      const port = await workerOf(co.id);
      expectRouter(await plansOf(captured), port);
      // A batch repeating a stored event: the duplicate look-up and the sequence's give-back too.
      captured = [];
      const again = await insertEvents(scope, [event({ external_id: 'x' }), event({ external_id: 'z' })]);
      expect(again.map((o) => o.status)).toEqual(['duplicate', 'created']);
      expectRouter(await plansOf(captured), port);
    });

    it("two companies' rows sit on the shards their ids hash to, on the workers holding them", async () => {
      const [a, b] = [await seeded(), await seeded()];
      for (const co of [a, b]) {
        for (const table of ['crm_activity_events', 'event_changes', 'company_sequences', 'audit_log']) {
          const { rows } = await owner(
            `select s.shardid, p.nodeport from pg_dist_shard s join pg_dist_shard_placement p using (shardid)
             where s.logicalrelid = $1::regclass
               and worker_hash($2::uuid) between s.shardminvalue::int and s.shardmaxvalue::int`,
            [table, co.id],
          );
          expect(rows).toHaveLength(1);
          const { shardid, nodeport } = rows[0];
          expect(shardid).toBe(
            Number(
              (await owner(`select get_shard_id_for_distribution_column($1, $2::uuid) as s`, [table, co.id]))
                .rows[0].s,
            ),
          );
          const worker = new pg.Client({ connectionString: urlOnPort(nodeport) });
          await worker.connect();
          try {
            const onShard = await worker.query(
              `select count(*)::int as n from ${table}_${shardid} where company_id = $1`,
              [co.id],
            );
            const total = await owner(`select count(*)::int as n from ${table} where company_id = $1`, [
              co.id,
            ]);
            expect(onShard.rows[0].n).toBe(total.rows[0].n);
            expect(total.rows[0].n).toBeGreaterThan(0);
          } finally {
            await worker.end();
          }
        }
      }
    });

    it('isolates a large tenant on a shard of its own and still routes its reads there', async () => {
      const co = await seeded();
      const before = await owner(
        `select get_shard_id_for_distribution_column('crm_activity_events', $1::uuid) as s`,
        [co.id],
      );
      await owner(
        `select isolate_tenant_to_new_shard('crm_activity_events', $1::uuid, 'CASCADE', shard_transfer_mode => 'block_writes')`,
        [co.id],
      );
      const after = await owner(
        `select s.shardid, s.shardminvalue, s.shardmaxvalue from pg_dist_shard s
         where s.shardid = get_shard_id_for_distribution_column('crm_activity_events', $1::uuid)`,
        [co.id],
      );
      expect(Number(after.rows[0].shardid)).not.toBe(Number(before.rows[0].s));
      expect(after.rows[0].shardminvalue).toBe(after.rows[0].shardmaxvalue); // one hash value: this tenant only
      const scope = { ...co.scope(db), db: capturing };
      captured = [];
      const page = await readEventPage(scope, null, 10);
      expect(page.map((e) => e.id).sort()).toEqual(
        (await readEventPage(co.scope(db), null, 10)).map((e) => e.id).sort(),
      );
      expect(page).toHaveLength(2);
      expectRouter(await plansOf(captured), await workerOf(co.id, 'crm_activity_events'));
    });
  });
}

function urlOnPort(port: number): string {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.port = String(port);
  return url.toString();
}
