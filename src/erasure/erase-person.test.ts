/**
 * Erasure of one person across customers: every event that names them (contact id, participant id
 * or e-mail, phone number) loses its content in the database, the change log and the replica;
 * events of other people keep theirs; the replica's figures stay; one contact.erase audit entry
 * holds counts, not the identifiers.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { findInDatabase, openTestReplica, replicaCounts, replicaText } from './testing/marker-search.js';

const newMarker = () => `zq${randomUUID().replace(/-/g, '').slice(0, 12)}`;

describeApp('erasure of a person', (t) => {
  it('removes the person from every customer’s events, the replica and the log, and nothing else', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    const [m, keep] = [newMarker(), newMarker()];
    const [customerA, customerB, contact] = [randomUUID(), randomUUID(), randomUUID()];
    const phone = `010-${String(randomInt(1000, 10000))}`;
    const batch = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: admin,
      payload: [
        // By contact id (the event's and a participant's), at customer A.
        eventInput({
          customer_id: customerA,
          contact_id: contact,
          event_title: `Call ${m}`,
          event_description: `About ${m}`,
          event_data: { subject: `${m} subject`, thread_id: `t-${m}`, outcome: 'completed' },
          participants: [{ id: contact, name: `Person ${m}`, kind: 'contact' }],
        }),
        // By e-mail, at customer B, with a colleague of theirs on the thread.
        eventInput({
          customer_id: customerB,
          event_type: 'email',
          event_source: 'email',
          event_title: `Re: ${m}`,
          participants: [{ email: `${m}@example.com`, name: `Pat ${m}` }, { email: 'colleague@example.com' }],
        }),
        // By phone number, written differently from the request.
        eventInput({
          customer_id: customerB,
          event_title: `${m} phone call`,
          event_data: { phone_number: `+1 (555) ${phone}`, subject: `${m} callback` },
        }),
        // By another participant id.
        eventInput({
          customer_id: customerA,
          event_type: 'meeting',
          event_source: 'calendar',
          event_title: `${m} meeting`,
          participants: [{ id: `crm-person-${m}`, name: `P. ${m}` }],
        }),
        // Someone else at customer A: kept.
        eventInput({
          customer_id: customerA,
          contact_id: randomUUID(),
          event_title: `Keep ${keep}`,
          event_data: { phone_number: '+1 (555) 999-0000', subject: `${keep} subject` },
          participants: [{ email: `${keep}@example.com`, name: `Other ${keep}` }],
        }),
      ],
    });
    expect(batch.json(), batch.body).toMatchObject({ stored: 5 });
    const ids = batch.json().results.map((r: { id: string }) => r.id) as string[];
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${ids[0]}`,
      headers: admin,
      payload: { event_title: `New ${m}` },
    });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/events/${ids[1]}`, headers: admin });

    const replica = await openTestReplica(t.db);
    try {
      await replica.sync(co.id);
      const before = await replicaCounts(replica, co.id);
      expect(await replicaText(replica, co.id)).toContain(m);
      const person = {
        contact_id: contact,
        emails: [`${m.toUpperCase()}@Example.COM`],
        phones: [`1555${phone.replace('-', '')}`],
        participant_ids: [`crm-person-${m}`],
      };
      const post = async (role: 'rep' | 'compliance', payload: object) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/erasure/person',
          headers: await co.auth(role),
          payload,
        });
      expect((await post('rep', person)).statusCode).toBe(403);
      const res = await post('compliance', person);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ events: 4 });

      await replica.sync(co.id);
      expect(await findInDatabase(t.db, m)).toEqual([]);
      expect(await findInDatabase(t.db, phone)).toEqual([]);
      // The other person's event is untouched.
      expect((await findInDatabase(t.db, keep)).sort()).toEqual([
        'crm_activity_events.event_data',
        'crm_activity_events.event_title',
        'crm_activity_events.participants',
        'crm_activity_events.search_vector',
      ]);
      const text = await replicaText(replica, co.id);
      expect(text).not.toContain(m);
      expect(text).toContain(keep);
      expect(await replicaCounts(replica, co.id)).toEqual(before);
      const kept = await t.app.inject({ url: `/api/v1/events/${ids[4]}`, headers: admin });
      expect(kept.json().event_title).toBe(`Keep ${keep}`);

      const audit = await t.app.inject({ url: '/api/v1/audit?action=contact.erase', headers: admin });
      const entries = audit.json().entries;
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        object_type: 'contact',
        object_ids: [contact],
        details: {
          events: 4,
          identifiers: { contact_id: contact, emails: 1, phones: 1, participant_ids: 1 },
        },
      });
      expect(JSON.stringify(entries[0])).not.toMatch(new RegExp(`${m}|${phone}`, 'i'));
      const verify = await t.app.inject({ url: '/api/v1/audit/verify', headers: admin });
      expect(verify.json()).toMatchObject({ ok: true });
    } finally {
      await replica.close();
    }
  }, 60_000);

  it('answers 400 naming the field for no identifier or a malformed one', async () => {
    const co = newCompany();
    const headers = await co.auth('admin');
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/erasure/person', headers, payload });
    for (const [payload, field] of [
      [{}, 'body'],
      [{ emails: [] }, 'body.emails'],
      [{ emails: ['not-an-address'] }, 'body.emails.0'],
      [{ phones: ['12'] }, 'body.phones.0'],
      [{ contact_id: 'x' }, 'body.contact_id'],
    ] as const) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.stringify(res.json().errors ?? res.json())).toContain(field);
    }
  });

  it('records an erasure that matched nothing, with 0 events', async () => {
    const co = newCompany();
    const headers = await co.auth('compliance');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/erasure/person',
      headers,
      payload: { emails: ['nobody@example.com'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().events).toBe(0);
    const audit = await t.app.inject({ url: '/api/v1/audit?action=contact.erase', headers });
    expect(audit.json().entries).toMatchObject([
      { id: res.json().audit_id, details: { events: 0, identifiers: { contact_id: null, emails: 1 } } },
    ]);
  });
});
