/**
 * Retention: soft-deleted events go N days after their deletion, events older than M years when
 * set; the replica drops them through the change log, each purge is one audit entry and the chain
 * still verifies.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { AnalyticsReplica } from '../analytics/replica/replica.js';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { purgeCompany } from './purge-all.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const DAY = 86_400_000;

describeApp('retention', (t) => {
  it('purges by the company settings, reaches the replica, and audits each purge', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    const now = Date.now();
    const inputs = {
      deletedLongAgo: eventInput({ event_timestamp: new Date(now - 100 * DAY).toISOString() }),
      deletedRecently: eventInput({ event_timestamp: new Date(now - 100 * DAY).toISOString() }),
      old: eventInput({ event_timestamp: new Date(now - 3 * 366 * DAY).toISOString() }),
      recent: eventInput({ event_timestamp: new Date(now - DAY).toISOString() }),
    };
    const ids: Record<string, string> = {};
    for (const [k, v] of Object.entries(inputs)) {
      ids[k] = (
        await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: admin, payload: v })
      ).json().id;
    }
    for (const k of ['deletedLongAgo', 'deletedRecently'])
      await t.app.inject({ method: 'DELETE', url: `/api/v1/events/${ids[k]}`, headers: admin });
    // Deleted 31 and 5 days ago (the purge measures from the deletion, updated_at).
    const backdate = (id: string | undefined, days: number) =>
      sql`update crm_activity_events set updated_at = now() - make_interval(days => ${days})
          where company_id = ${co.id} and id = ${id}`.execute(t.db.kysely);
    await backdate(ids.deletedLongAgo, 31);
    await backdate(ids.deletedRecently, 5);
    const dir = mkdtempSync(join(tmpdir(), 'retention-test-'));
    dirs.push(dir);
    const replica = await AnalyticsReplica.open(t.db, { dir });
    const stored = async () =>
      (
        await t.db.kysely
          .selectFrom('crm_activity_events')
          .select('id')
          .where('company_id', '=', co.id)
          .execute()
      )
        .map((r) => r.id)
        .sort();
    const inReplica = async () =>
      (
        await replica.read<{ id: string }>(
          'select id::varchar as id from events where company_id = $c::uuid',
          { c: co.id },
        )
      )
        .map((r) => r.id)
        .sort();
    try {
      await replica.sync(co.id);
      expect(await inReplica()).toEqual([ids.old, ids.recent].sort());

      expect(await purgeCompany(t.db, co.id)).toBe(1); // defaults: deleted events kept 30 days
      expect(await stored()).toEqual([ids.deletedRecently, ids.old, ids.recent].sort());

      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/company/settings',
        headers: admin,
        payload: { retention_years: 2, retention_deleted_days: 7 },
      });
      expect(put.json()).toMatchObject({ retention_years: 2, retention_deleted_days: 7 });
      expect(await purgeCompany(t.db, co.id)).toBe(1); // the 3-year-old event; deleted 5 days ago stays
      expect(await stored()).toEqual([ids.deletedRecently, ids.recent].sort());
      expect(await purgeCompany(t.db, co.id)).toBe(0);

      await replica.sync(co.id);
      expect(await inReplica()).toEqual([ids.recent]);

      const audit = await t.app.inject({ url: '/api/v1/audit?action=retention.purge', headers: admin });
      const purges = audit.json().entries.reverse();
      expect(purges.map((e: { details: Record<string, unknown> }) => e.details)).toMatchObject([
        {
          count: 1,
          soft_deleted: 1,
          expired: 0,
          first_event_id: ids.deletedLongAgo,
          policy: { deleted_days: 30, years: null },
        },
        {
          count: 1,
          soft_deleted: 0,
          expired: 1,
          first_event_id: ids.old,
          policy: { deleted_days: 7, years: 2 },
        },
      ]);
      expect(purges[0].actor_role).toBe('system');
      const verify = await t.app.inject({ url: '/api/v1/audit/verify', headers: admin });
      expect(verify.json()).toMatchObject({ ok: true, first_broken: null });
      // Completeness: purged events no longer count as ingested, and no gap is flagged.
      const complete = await t.app.inject({ url: '/api/v1/audit/completeness', headers: admin });
      expect(complete.json().gaps).toBe(0);
    } finally {
      await replica.close();
    }
  }, 60_000);

  it('refuses retention settings out of range', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    for (const payload of [
      { retention_deleted_days: 0 },
      { retention_years: 101 },
      { retention_years: 'x' },
    ]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/company/settings',
        headers: admin,
        payload,
      });
      expect(res.statusCode).toBe(400);
    }
  });
});
