/** A segment move reads the customer's events once, and leaves the rollups equal to a rebuild. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { upsertCustomers } from '../../directory/queries.js';
import { insertEvents, updateEvent } from '../../events/queries/write-events.js';
import { newCompany } from '../../test/app.js';
import { describeEngines } from '../../test/engines.js';
import { newEventRow } from '../../test/factories.js';
import { rebuildRollups } from './rebuild.js';
import { lockCompanyWrites, moveSegments } from './segments.js';

describeEngines('moveSegments', (t) => {
  it('reads the events once and moves them exactly (rows left empty are deleted)', async () => {
    const co = newCompany();
    const scope = co.scope(t.db);
    const [moved, stays] = [randomUUID(), randomUUID()];
    await upsertCustomers(scope, [
      { id: moved, name: 'Moved', segment: 'A' },
      { id: stays, name: 'Stays', segment: 'A' },
    ]);
    const at = (day: number, hour: number) => new Date(Date.UTC(2025, 2, day, hour, 15));
    const events = [
      newEventRow({ customer_id: moved, event_timestamp: at(1, 9), duration_minutes: 10 }),
      newEventRow({ customer_id: moved, event_timestamp: at(1, 9), status: 'scheduled' }),
      newEventRow({ customer_id: moved, event_timestamp: at(2, 14) }),
      newEventRow({ customer_id: moved, event_timestamp: at(3, 8) }),
      newEventRow({ customer_id: stays, event_timestamp: at(1, 9) }),
    ];
    await insertEvents(scope, events);
    await updateEvent(scope, events[3]?.id as string, { is_deleted: true });

    const scans = await t.db.kysely.transaction().execute(async (trx) => {
      await lockCompanyWrites(trx, co.id);
      await trx
        .updateTable('customers')
        .set({ segment: 'B' })
        .where('company_id', '=', co.id)
        .where('id', '=', moved)
        .execute();
      // This transaction's own scans of the events table, whatever plan reads it.
      const read = async () =>
        Number(
          (
            await sql<{
              n: number;
            }>`select seq_scan + coalesce(idx_scan, 0) as n from pg_stat_xact_user_tables
              where relname = 'crm_activity_events'`.execute(trx)
          ).rows[0]?.n ?? 0,
        );
      const before = await read();
      await moveSegments(trx, co.id, [{ customerId: moved, from: 'A', to: 'B' }]);
      return (await read()) - before;
    });
    expect(scans).toBe(1);

    // By hand: day 1 keeps one A event (Stays) and gains two B; day 2's A row is left at zero by
    // the move and deleted; day 3's only event is deleted, so it is in no segment.
    const { rows } = await sql<{
      day: string;
      segment: string;
      events: number;
      duration: number;
      scheduled: number;
    }>`
      select day::text, segment, events, duration_minutes as duration, scheduled from analytics_daily
      where company_id = ${co.id}::uuid order by 1, 2`.execute(t.db.kysely);
    expect(rows).toEqual([
      { day: '2025-03-01', segment: 'A', events: 1, duration: 0, scheduled: 0 },
      { day: '2025-03-01', segment: 'B', events: 2, duration: 10, scheduled: 1 },
      { day: '2025-03-02', segment: 'B', events: 1, duration: 0, scheduled: 0 },
    ]);
    const snapshot = async () =>
      (
        await sql`select 'd' as t, day::text as at, event_type, event_source, direction, segment, events,
            duration_minutes, scheduled from analytics_daily where company_id = ${co.id}::uuid
          union all select 'h', hour::text, event_type, event_source, direction, segment, events,
            duration_minutes, scheduled from analytics_hourly where company_id = ${co.id}::uuid
          order by 1, 2, 3, 4, 5, 6`.execute(t.db.kysely)
      ).rows;
    const maintained = await snapshot();
    await rebuildRollups(t.db.kysely, co.id);
    expect(await snapshot()).toEqual(maintained);
  });
});
