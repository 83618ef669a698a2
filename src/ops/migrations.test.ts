/** Upgrades: concurrent starts apply each migration once; a failing migration changes nothing and is named. */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../analytics/rollups/rebuild.js';
import { type Db, openDb } from '../db/connect.js';
import { listMigrations, MigrationError, migrate } from '../db/migrate.js';
import { ENGINES } from '../test/engines.js';
import { openFreshDb } from './fresh-db.js';

const tableExists = async (db: Db, name: string) =>
  (await sql<{ t: string | null }>`select to_regclass(${name})::text as t`.execute(db.kysely)).rows[0]?.t !==
  null;

for (const engine of ENGINES) {
  describe(`migrations [${engine}]`, () => {
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

    it('0032 backfills the hour rollups, segments and scheduled counts of existing data exactly', async () => {
      const fresh = await openFreshDb(engine);
      cleanups.push(fresh.close);
      // The schema as it was before 0031, with events and day rollups written as that code did.
      const dir = mkdtempSync(join(tmpdir(), 'crm-migrations-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const src = new URL('../db/migrations/', import.meta.url).pathname;
      for (const f of listMigrations().filter((name) => name < '0031')) cpSync(join(src, f), join(dir, f));
      await migrate(fresh.db, dir);
      const k = fresh.db.kysely;
      const c = randomUUID();
      await sql`insert into companies (id, name, timezone) values (${c}, 'M', 'Europe/Paris')`.execute(k);
      await sql`insert into customers (company_id, id, name, segment)
        select ${c}, md5('c' || g)::uuid, 'C' || g, (array['A', 'B', null])[1 + g % 3] from generate_series(0, 20) g`.execute(
        k,
      );
      // 37-minute steps across the 26 Oct DST change; customers 21–24 are not in the directory.
      await sql`insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
          event_title, event_timestamp, duration_minutes, event_data, status, direction, seq, is_deleted)
        select ${c}, gen_random_uuid(), md5('c' || (g % 25))::uuid, md5('u' || (g % 3))::uuid,
          (array['call', 'email', 'meeting'])[1 + g % 3], (array['phone_system', 'email'])[1 + g % 2], 'e',
          timestamptz '2025-10-20 00:00Z' + g * 37 * interval '1 minute', case when g % 4 = 0 then g % 50 end,
          case when g % 7 = 0 then '{"due_at": "2025-12-01T00:00:00Z"}'::jsonb
               when g % 5 = 0 then '{"outcome": "connected"}'::jsonb else '{}'::jsonb end,
          (array['active', 'scheduled', 'completed'])[1 + g % 3], (array['inbound', 'outbound', null])[1 + g % 3],
          g, g % 11 = 0
        from generate_series(1, 800) g`.execute(k);
      const day = sql`(e.event_timestamp at time zone 'Europe/Paris')::date`;
      await sql`insert into analytics_rollup_state (company_id, tz) values (${c}, 'Europe/Paris')`.execute(k);
      await sql`insert into analytics_daily select e.company_id, ${day}, e.event_type, e.event_source,
          coalesce(e.direction, 'unknown'), count(*), coalesce(sum(e.duration_minutes), 0)
        from crm_activity_events e where not e.is_deleted group by 1, 2, 3, 4, 5`.execute(k);
      await sql`insert into analytics_user_daily select e.company_id, ${day}, e.user_id, e.event_type, count(*),
          coalesce(sum(e.duration_minutes), 0), count(*) filter (where e.status = 'completed'),
          count(*) filter (where e.event_data ? 'outcome')
        from crm_activity_events e where not e.is_deleted group by 1, 2, 3, 4`.execute(k);
      expect(await migrate(fresh.db)).toContain('0032_hourly_rollups.sql');
      const snapshot = async () => {
        const out: Record<string, string[]> = {};
        for (const t of [
          'analytics_daily',
          'analytics_user_daily',
          'analytics_hourly',
          'analytics_user_hourly',
        ]) {
          const { rows } = await sql.raw(`select * from ${t}`).execute(k);
          out[t] = rows.map((r) => JSON.stringify(r)).sort();
        }
        return out;
      };
      const migrated = await snapshot();
      expect(migrated.analytics_hourly?.length).toBeGreaterThan(100);
      expect(migrated.analytics_daily?.some((r) => r.includes('"segment":"A"'))).toBe(true);
      await rebuildRollups(k, c);
      expect(await snapshot()).toEqual(migrated);
    }, 120_000);
  });
}
