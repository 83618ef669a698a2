/**
 * Erasure leaves the marker strings of a customer's events nowhere: every text, varchar, jsonb
 * (and tsvector) column of every table of the schema, and every table of the analytics replica,
 * is searched after the erasure; the replica's counts are the same as before.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { AnalyticsReplica } from '../analytics/replica/replica.js';
import type { Db } from '../db/connect.js';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Tables and columns (schema.table.column) whose text holds `marker`, searched in every column of text-like type. */
async function findInDatabase(db: Db, marker: string): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema()
      and data_type in ('text', 'character varying', 'jsonb', 'json', 'tsvector', 'ARRAY', 'USER-DEFINED')
      and table_name in (select table_name from information_schema.tables
                         where table_schema = current_schema() and table_type = 'BASE TABLE')`.execute(
    db.kysely,
  );
  expect(columns.length).toBeGreaterThan(20); // the search really reads the schema
  const found: string[] = [];
  for (const c of columns) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(c.table_name)}
      where ${sql.ref(c.column_name)}::text ilike ${`%${marker}%`}`.execute(db.kysely);
    if ((rows[0]?.n ?? 0) > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}

async function replicaText(replica: AnalyticsReplica, companyId: string) {
  const parts: string[] = [];
  for (const table of ['events', 'customers', 'users']) {
    const rows = await replica.read(`select * from ${table} where company_id = $c::uuid`, { c: companyId });
    parts.push(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return parts.join('\n');
}

async function replicaCounts(replica: AnalyticsReplica, companyId: string) {
  return replica.read(
    `select event_type, count(*)::int as n, count(distinct thread_id)::int as threads,
       count(distinct p)::int as participants, sum(duration_minutes)::int as minutes,
       count(outcome)::int as outcomes
     from (select *, unnest(case when len(participants) = 0 then [null] else participants end) as p from events
           where company_id = $c::uuid)
     group by event_type order by event_type`,
    { c: companyId },
  );
}

describeApp('erasure', (t) => {
  it('removes every marker from the database and the replica, keeping analytics counts', async () => {
    const co = newCompany();
    const marker = `zq${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = await co.auth('admin');
    const customer = randomUUID();
    const other = randomUUID();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/customers/${customer}`,
      headers: admin,
      payload: { name: `Name ${marker}`, segment: 'smb' },
    });
    const withMarkers = (i: number) =>
      eventInput({
        customer_id: customer,
        event_type: i % 2 ? 'email' : 'call',
        event_source: i % 2 ? 'email' : 'phone_system',
        event_title: `Title ${marker} ${i}`,
        event_description: `Description ${marker}`,
        duration_minutes: i,
        event_data: {
          subject: `notes ${marker}`,
          url: `https://x.example/${marker}`,
          thread_id: `thread-${marker}-${i % 2}`,
          outcome: 'completed',
        },
        participants: [{ email: `${marker}@example.com`, name: `Person ${marker}` }, { id: `id-${marker}` }],
      });
    const batch = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: admin,
      payload: [0, 1, 2, 3].map(withMarkers),
    });
    expect(batch.json(), batch.body).toMatchObject({ stored: 4 });
    const ids = batch.json().results.map((r: { id: string }) => r.id) as string[];
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${ids[0]}`,
      headers: admin,
      payload: { event_title: `New ${marker}` },
    });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/events/${ids[1]}`, headers: admin });
    // Another customer's events keep their content.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: admin,
      payload: eventInput({ customer_id: other, event_title: `Keep ${marker}x` }),
    });

    const dir = mkdtempSync(join(tmpdir(), 'erasure-test-'));
    dirs.push(dir);
    const replica = await AnalyticsReplica.open(t.db, { dir });
    try {
      await replica.sync(co.id);
      const before = await replicaCounts(replica, co.id);
      expect(await replicaText(replica, co.id)).toContain(marker);

      const rep = await t.app.inject({
        method: 'POST',
        url: '/api/v1/erasure',
        headers: await co.auth('rep'),
        payload: { customer_id: customer },
      });
      expect(rep.statusCode).toBe(403);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/erasure',
        headers: await co.auth('compliance'),
        payload: { customer_id: customer },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ customer_id: customer, events: 4 });

      await replica.sync(co.id);
      const found = await findInDatabase(t.db, marker);
      // Only the other customer's event still holds text with the marker (its own "…x" title).
      expect(found.sort()).toEqual(['crm_activity_events.event_title', 'crm_activity_events.search_vector']);
      expect(await findInDatabase(t.db, `${marker} `)).toEqual([]);
      expect(await findInDatabase(t.db, `${marker}@`)).toEqual([]);
      expect(await findInDatabase(t.db, `${marker}-`)).toEqual([]);
      const text = await replicaText(replica, co.id);
      expect(text.match(new RegExp(marker, 'g'))).toBeNull();
      expect(await replicaCounts(replica, co.id)).toEqual(before);
      // One audit entry names the erasure (counts and fields), and the chain still verifies.
      const audit = await t.app.inject({ url: '/api/v1/audit?action=customer.erase', headers: admin });
      expect(audit.json().entries).toHaveLength(1);
      expect(audit.json().entries[0].details).toMatchObject({ events: 4, directory_entry: true });
      const verify = await t.app.inject({ url: '/api/v1/audit/verify', headers: admin });
      expect(verify.json()).toMatchObject({ ok: true });
    } finally {
      await replica.close();
    }
  }, 60_000);

  it('answers 404 for a customer the company does not have, recording nothing', async () => {
    const co = newCompany();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/erasure',
      headers: await co.auth('admin'),
      payload: { customer_id: randomUUID() },
    });
    expect(res.statusCode).toBe(404);
    const audit = await t.app.inject({ url: '/api/v1/audit', headers: await co.auth('admin') });
    expect(audit.json().entries).toEqual([]);
  });
});
