/** Upgrades: concurrent starts apply each migration once; a failing migration changes nothing and is named. */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../db/connect.js';
import { listMigrations, MigrationError, migrate } from '../db/migrate.js';
import { ENGINES } from '../test/engines.js';
import { OWN_DATABASE_NOT_ON_CLUSTER, openFreshDb } from './fresh-db.js';

const tableExists = async (db: Db, name: string) =>
  (await sql<{ t: string | null }>`select to_regclass(${name})::text as t`.execute(db.kysely)).rows[0]?.t !==
  null;

for (const engine of ENGINES) {
  // Each test migrates a database of its own: not on the Citus stage (see OWN_DATABASE_NOT_ON_CLUSTER).
  describe.skipIf(OWN_DATABASE_NOT_ON_CLUSTER)(`migrations [${engine}]`, () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('applies each migration exactly once when two instances migrate together', async () => {
      const fresh = await openFreshDb(engine);
      cleanups.push(fresh.close);
      // Two processes would each have their own pool; PGlite has one connection per process.
      const second =
        engine === 'postgres'
          ? await openDb({ engine: 'postgres', url: fresh.url as string, poolSize: 2 })
          : fresh.db;
      if (second !== fresh.db) cleanups.push(() => second.close());
      const [a, b] = await Promise.all([migrate(fresh.db), migrate(second)]);
      const all = listMigrations();
      expect([...a, ...b].sort()).toEqual(all);
      expect(a.filter((name) => b.includes(name))).toEqual([]);
      const rows = await fresh.db.kysely
        .selectFrom('schema_migrations')
        .select('name')
        .orderBy('name')
        .execute();
      expect(rows.map((r) => r.name)).toEqual(all);
      expect(await migrate(second)).toEqual([]);
    }, 120_000);

    it('rolls a failing migration back entirely and names it; fixing it lets the next run apply it', async () => {
      const fresh = await openFreshDb(engine);
      cleanups.push(fresh.close);
      const dir = mkdtempSync(join(tmpdir(), 'crm-migrations-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, '0001_first.sql'), 'create table upgrade_a (id int primary key);');
      writeFileSync(
        join(dir, '0002_broken.sql'),
        'create table upgrade_b (id int primary key);\ninsert into upgrade_a values (1);\nselect * from no_such_table;',
      );
      const error = await migrate(fresh.db, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).migration).toBe('0002_broken.sql');
      expect((error as Error).message).toMatch(
        /^Migration 0002_broken\.sql failed and was rolled back: .*no_such_table/,
      );
      // The database is as it was before 0002: its table is absent, its insert undone, 0001 kept.
      expect(await tableExists(fresh.db, 'upgrade_a')).toBe(true);
      expect(await tableExists(fresh.db, 'upgrade_b')).toBe(false);
      const count = await sql<{ n: number }>`select count(*)::int as n from upgrade_a`.execute(
        fresh.db.kysely,
      );
      expect(count.rows[0]?.n).toBe(0);
      const names = await fresh.db.kysely.selectFrom('schema_migrations').select('name').execute();
      expect(names.map((r) => r.name)).toEqual(['0001_first.sql']);

      writeFileSync(join(dir, '0002_broken.sql'), 'create table upgrade_b (id int primary key);');
      expect(await migrate(fresh.db, dir)).toEqual(['0002_broken.sql']);
      expect(await tableExists(fresh.db, 'upgrade_b')).toBe(true);
    }, 120_000);

    it('0036 drops the rollups and their upkeep; events and the change log are kept', async () => {
      const fresh = await openFreshDb(engine);
      cleanups.push(fresh.close);
      // The schema as it was before 0036, with an event and its rollup rows.
      const dir = mkdtempSync(join(tmpdir(), 'crm-migrations-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const src = new URL('../db/migrations/', import.meta.url).pathname;
      for (const f of listMigrations().filter((name) => name < '0036')) cpSync(join(src, f), join(dir, f));
      await migrate(fresh.db, dir);
      const k = fresh.db.kysely;
      const c = randomUUID();
      await sql`insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
          event_title, event_timestamp, seq) values (${c}, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),
          'call', 'phone_system', 'e', now(), 1)`.execute(k);
      await sql`insert into event_changes (company_id, seq, event_id, kind)
        select company_id, seq, id, 'created' from crm_activity_events where company_id = ${c}`.execute(k);
      await sql`insert into analytics_daily values (${c}, current_date, 'call', 'phone_system', 'unknown', 1, 0)`.execute(
        k,
      );
      expect(await tableExists(fresh.db, 'analytics_daily')).toBe(true);
      expect(await migrate(fresh.db)).toContain('0036_drop_rollups.sql');
      for (const t of [
        'analytics_daily',
        'analytics_hourly',
        'analytics_user_daily',
        'analytics_user_hourly',
        'analytics_response_pairs',
        'analytics_rollup_state',
        'analytics_upkeep_state',
        'analytics_rollup_rebuild_jobs',
      ])
        expect(await tableExists(fresh.db, t)).toBe(false);
      const kept = await sql<{ events: number; changes: number }>`select
        (select count(*)::int from crm_activity_events where company_id = ${c}) as events,
        (select count(*)::int from event_changes where company_id = ${c}) as changes`.execute(k);
      expect(kept.rows[0]).toEqual({ events: 1, changes: 1 });
    }, 120_000);
  });
}
