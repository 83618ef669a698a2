/**
 * Insert upkeep runs after the insert commits. Nothing accepted is lost and nothing is counted
 * twice: upkeep interrupted after the commit is finished by the catch-up; updates, deletes and
 * customer segment changes that arrive before it, concurrent batches and a rebuild in between all
 * end equal to a rebuild.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Db } from '../../db/connect.js';
import { type Scope, scopeFor } from '../../db/scope.js';
import { upsertCustomers } from '../../directory/queries.js';
import { checkEvent } from '../../events/ingest.js';
import { insertEvents, type NewEvent, storeEvents, updateEvent } from '../../events/queries/write-events.js';
import { describeEngines } from '../../test/engines.js';
import { eventInput } from '../../test/factories.js';
import { rebuildRollups } from '../rollups/rebuild.js';
import { catchUpUpkeep } from './catch-up.js';

const BASE = Date.UTC(2025, 9, 20);

/** A conversation: inbound and outbound events of few customers, threads and outcomes mixed. */
function conversation(customers: string[], n: number, offset = 0): NewEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const k = i + offset;
    const c = checkEvent(
      eventInput({
        customer_id: customers[k % customers.length] as string,
        user_id: customers[(k >> 1) % customers.length] as string,
        event_type: k % 3 ? 'email' : 'call',
        event_source: k % 3 ? 'email' : 'phone_system',
        direction: k % 2 ? 'outbound' : 'inbound',
        status: k % 5 ? 'completed' : 'active',
        duration_minutes: k % 7,
        event_timestamp: new Date(BASE + k * 37 * 60_000).toISOString(),
        event_data: (k % 4 ? { thread_id: `t${k % 3}` } : { outcome: 'connected' }) as never,
      }),
    );
    if (!c.ok) throw new Error(c.detail);
    return c.event;
  });
}

/** Every analytics table's rows of the company (hourly ones too, whatever exists), as JSON. */
async function analytics(db: Db, companyId: string) {
  const { rows: tables } = await sql<{
    name: string;
  }>`select table_name as name from information_schema.columns
    where table_schema = current_schema() and column_name = 'company_id' and table_name like 'analytics\\_%'
      and table_name not in ('analytics_upkeep_state', 'analytics_rollup_state')
    order by 1`.execute(db.kysely);
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ r: string }>`select to_jsonb(t)::text as r from ${sql.table(name)} t
      where company_id = ${companyId}::uuid order by 1`.execute(db.kysely);
    out[name] = rows.map((x) => x.r);
  }
  return out;
}

async function expectEqualsRebuild(db: Db, scope: Scope) {
  const maintained = await analytics(db, scope.companyId);
  await rebuildRollups(db.kysely, scope.companyId);
  expect(maintained).toEqual(await analytics(db, scope.companyId));
  return maintained;
}

const dailyEvents = async (db: Db, companyId: string) => {
  const { rows } = await sql<{ n: number }>`select coalesce(sum(events), 0)::int as n from analytics_daily
    where company_id = ${companyId}::uuid`.execute(db.kysely);
  return rows[0]?.n;
};

describeEngines('analytics upkeep after the insert commits', (t) => {
  it('upkeep interrupted after the commit is applied by the catch-up, exactly once', async () => {
    const scope = scopeFor(t.db, randomUUID());
    const customers = [randomUUID(), randomUUID()];
    await insertEvents(scope, conversation(customers, 30));
    // The process "stops" right after this batch commits: its upkeep never ran.
    const stranded = conversation(customers, 25, 30);
    await storeEvents(scope, stranded);
    expect(await dailyEvents(t.db, scope.companyId)).toBe(30);
    expect(await catchUpUpkeep(t.db.kysely)).toBeGreaterThanOrEqual(1);
    expect(await dailyEvents(t.db, scope.companyId)).toBe(55);
    const once = await analytics(t.db, scope.companyId);
    await catchUpUpkeep(t.db.kysely); // nothing left: a second run changes nothing
    expect(await analytics(t.db, scope.companyId)).toEqual(once);
    await expectEqualsRebuild(t.db, scope);
  });

  it('updates, deletes and segment changes arriving before an insert upkeep end equal to a rebuild', async () => {
    const scope = scopeFor(t.db, randomUUID());
    const customers = [randomUUID(), randomUUID(), randomUUID()];
    await insertEvents(scope, conversation(customers, 20));
    const pending = conversation(customers, 20, 20);
    await storeEvents(scope, pending);
    const [a, b, c, d] = pending.filter((e) => e.direction === 'outbound');
    const [i] = pending.filter((e) => e.direction === 'inbound');
    await updateEvent(scope, a?.id as string, { is_deleted: true });
    await updateEvent(scope, b?.id as string, { status: 'completed', event_data: { outcome: 'deal_won' } });
    await updateEvent(scope, c?.id as string, { event_data: { thread_id: 't9' } });
    await updateEvent(scope, i?.id as string, { is_deleted: true });
    await storeEvents(scope, conversation(customers, 10, 40)); // pending again after the updates
    await updateEvent(scope, d?.id as string, { status: 'missed' });
    // A customer's segment changes while its last events wait for upkeep: moved once, not twice.
    const segment = (id: string, name: string) => ({
      id,
      name,
      segment: name,
      owner_user_id: null,
      lifecycle_stage: null,
    });
    await upsertCustomers(scope, [segment(customers[0] as string, 'smb')]);
    await storeEvents(scope, conversation(customers, 6, 50));
    await upsertCustomers(scope, [
      segment(customers[0] as string, 'enterprise'),
      segment(customers[1] as string, 'smb'),
    ]);
    await catchUpUpkeep(t.db.kysely);
    const maintained = await expectEqualsRebuild(t.db, scope);
    expect(maintained.analytics_response_pairs?.length).toBeGreaterThan(0);
  });

  it('concurrent batches coalesce, and a rebuild between commit and upkeep is not counted twice', async () => {
    const scope = scopeFor(t.db, randomUUID());
    const customers = [randomUUID(), randomUUID()];
    await Promise.all([0, 1, 2, 3].map((k) => insertEvents(scope, conversation(customers, 15, k * 15))));
    expect(await dailyEvents(t.db, scope.companyId)).toBe(60);
    await expectEqualsRebuild(t.db, scope);
    await storeEvents(scope, conversation(customers, 10, 60));
    await rebuildRollups(t.db.kysely, scope.companyId); // counts the pending batch itself
    await catchUpUpkeep(t.db.kysely);
    expect(await dailyEvents(t.db, scope.companyId)).toBe(70);
    await expectEqualsRebuild(t.db, scope);
  });
});
