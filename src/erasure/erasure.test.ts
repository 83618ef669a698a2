/**
 * Erasure leaves the marker strings of a customer's events nowhere: every text, varchar, jsonb
 * (and tsvector) column of every table of the schema, and every table of the analytics replica,
 * is searched after the erasure; the replica's counts are the same as before.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { findInDatabase, openTestReplica, replicaCounts, replicaText } from './testing/marker-search.js';

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

    const replica = await openTestReplica(t.db);
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
