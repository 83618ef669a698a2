import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import './db-types.js';
import type { TestContext } from '../test/app.js';

async function entries(t: TestContext, co: TestCompany, query = '') {
  const res = await t.app.inject({
    url: `/api/v1/audit?limit=500${query}`,
    headers: await co.auth('compliance'),
  });
  expect(res.statusCode).toBe(200);
  return res.json().entries as Array<Record<string, unknown> & { details: Record<string, unknown> }>;
}

describeApp('audit trail', (t) => {
  it('records one entry per ingested batch, naming it, and who sent it from where', async () => {
    const co = newCompany();
    const userId = randomUUID();
    const batch = Array.from({ length: 5000 }, () => eventInput());
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: {
        ...(await co.auth('integration', { userId })),
        'user-agent': 'crm-sync/1.0',
        'x-request-id': 'req-42',
      },
      payload: batch,
    });
    expect(res.json().stored).toBe(5000);
    const list = await entries(t, co);
    expect(list).toHaveLength(1);
    const [e] = list;
    expect(e).toMatchObject({
      action: 'events.ingest',
      object_type: 'event_batch',
      user_id: userId,
      actor_role: 'integration',
      user_agent: 'crm-sync/1.0',
      request_id: 'req-42',
      ip: '127.0.0.1',
      event_count: 5000,
    });
    expect(e?.token_id).toMatch(/^[0-9a-f-]{36}$/);
    const seqs = await t.db.kysely
      .selectFrom('crm_activity_events')
      .select((eb) => [eb.fn.min('seq').as('lo'), eb.fn.max('seq').as('hi')])
      .where('company_id', '=', co.id)
      .executeTakeFirstOrThrow();
    expect(e?.details).toMatchObject({ count: 5000, seq_from: Number(seqs.lo), seq_to: Number(seqs.hi) });
    // Resending stores nothing and records nothing.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: batch.slice(0, 3).map((b, i) => ({ ...b, external_id: `x${i}` })),
    });
    expect((await entries(t, co)).length).toBe(2);
  }, 60_000);

  it('records updates with before/after (content as digests), deletes, directory, settings and timelines', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: admin,
      payload: eventInput({ event_title: 'Secret plan' }),
    });
    const id = created.json().id as string;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${id}`,
      headers: admin,
      payload: { status: 'completed', event_title: 'Other secret' },
    });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/events/${id}`, headers: admin });
    const customer = randomUUID();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/customers/${customer}`,
      headers: admin,
      payload: { name: 'Acme', segment: 'smb' },
    });
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/customers/${customer}`,
      headers: admin,
      payload: { name: 'Acme', segment: 'enterprise' },
    });
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/company/settings',
      headers: admin,
      payload: { timezone: 'Europe/Paris' },
    });
    const tl = await t.app.inject({
      method: 'POST',
      url: '/api/v1/timelines',
      headers: admin,
      payload: { timeline_name: 'Mine', timeline_type: 'personal' },
    });
    expect(tl.statusCode).toBe(201);
    const tlId = tl.json().id as string;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/timelines/${tlId}`,
      headers: admin,
      payload: { is_public: true },
    });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/timelines/${tlId}`, headers: admin });

    const list = (await entries(t, co)).reverse();
    expect(list.map((e) => e.action)).toEqual([
      'events.ingest',
      'event.update',
      'event.delete',
      'directory.customers.upsert',
      'directory.customers.upsert',
      'company.settings.update',
      'timeline.create',
      'timeline.share',
      'timeline.delete',
    ]);
    const changes = (i: number) => list[i]?.details.changes as Record<string, Record<string, unknown>>;
    expect(changes(1).status).toEqual({ before: 'active', after: 'completed' });
    expect(changes(1).event_title).toMatchObject({ content: true });
    expect(JSON.stringify(list)).not.toContain('secret');
    expect(changes(2).is_deleted).toEqual({ before: false, after: true });
    expect((changes(4) as Record<string, Record<string, unknown>>)[customer]?.segment).toEqual({
      before: 'smb',
      after: 'enterprise',
    });
    expect(changes(5).timezone).toEqual({ before: 'UTC', after: 'Europe/Paris' });
    expect(changes(7).is_public).toEqual({ before: false, after: true });
    // Filters and keyset pages.
    expect((await entries(t, co, `&object_id=${id}`)).map((e) => e.action)).toEqual([
      'event.delete',
      'event.update',
      'events.ingest', // a single event's ingest names it
    ]);
    expect((await entries(t, co, '&action=timeline.share')).length).toBe(1);
    const page1 = await t.app.inject({ url: '/api/v1/audit?limit=4', headers: admin });
    const page2 = await t.app.inject({
      url: `/api/v1/audit?limit=4&before_id=${page1.json().next_before_id}`,
      headers: admin,
    });
    expect([...page1.json().entries, ...page2.json().entries].map((e: { id: number }) => e.id)).toEqual([
      9, 8, 7, 6, 5, 4, 3, 2,
    ]);
    const csv = await t.app.inject({ url: '/api/v1/audit?format=csv&action=event.update', headers: admin });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.trim().split('\r\n')).toHaveLength(2);
    expect(csv.body).toContain('"event.update"');
  });

  it('is for compliance officers and admins only', async () => {
    const co = newCompany();
    for (const role of ['rep', 'team_lead', 'executive', 'integration'] as const) {
      const res = await t.app.inject({ url: '/api/v1/audit', headers: await co.auth(role) });
      expect(res.statusCode).toBe(403);
    }
  });

  it('refuses UPDATE and DELETE; verify finds exactly the entry edited with the trigger off', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: admin, payload: eventInput() });
    }
    const verify = async () => (await t.app.inject({ url: '/api/v1/audit/verify', headers: admin })).json();
    expect(await verify()).toMatchObject({ ok: true, checked: 5, first_broken: null, head: { id: 5 } });
    await expect(
      sql`update audit_log set action = 'x' where company_id = ${co.id}`.execute(t.db.kysely),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where company_id = ${co.id}`.execute(t.db.kysely)).rejects.toThrow(
      /append-only/,
    );
    await tamper(
      t.db,
      sql`update audit_log set details = jsonb_set(details, '{count}', '7') where company_id = ${co.id} and id = 3`,
    );
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.first_broken).toMatchObject({ id: 3, position: 3, reason: 'hash_mismatch' });
    expect(result.first_broken.stored).not.toBe(result.first_broken.expected);
    // A range after the edited entry still verifies; one that includes it does not.
    const list = await entries(t, co);
    const at4 = list.find((e) => e.id === 4)?.at as string;
    const later = await t.app.inject({
      url: `/api/v1/audit/verify?from=${encodeURIComponent(at4)}`,
      headers: admin,
    });
    expect(later.json()).toMatchObject({ ok: true, checked: 2 });
  });

  it('finds a deleted entry (a gap in the chain)', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    for (let i = 0; i < 3; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: admin, payload: eventInput() });
    }
    await tamper(t.db, sql`delete from audit_log where company_id = ${co.id} and id = 2`);
    const result = (await t.app.inject({ url: '/api/v1/audit/verify', headers: admin })).json();
    expect(result.first_broken).toMatchObject({ id: 3, reason: 'missing_entry', expected: 'id 2' });
  });

  it('completeness: every ingested event is covered; one stored around the write path is a gap', async () => {
    const co = newCompany();
    const headers = await co.auth('integration');
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers,
      payload: [eventInput(), eventInput(), eventInput()],
    });
    await t.app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: eventInput() });
    const today = new Date().toISOString().slice(0, 10);
    const get = async () =>
      (
        await t.app.inject({ url: '/api/v1/audit/completeness', headers: await co.auth('compliance') })
      ).json();
    expect(await get()).toEqual({
      timezone: 'UTC',
      days: [{ date: today, ingested: 4, covered: 4, gap: false }],
      gaps: 0,
    });
    await t.db.kysely
      .insertInto('crm_activity_events')
      .values({
        company_id: co.id,
        id: randomUUID(),
        customer_id: randomUUID(),
        user_id: randomUUID(),
        event_type: 'call',
        event_source: 'api',
        event_title: 'unaudited',
        event_timestamp: new Date(),
        event_data: '{}',
        participants: '[]',
        related_objects: '[]',
        seq: 99,
      })
      .execute();
    expect(await get()).toEqual({
      timezone: 'UTC',
      days: [{ date: today, ingested: 5, covered: 4, gap: true }],
      gaps: 1,
    });
  });

  it('records one customer.read per analytics request focused on one customer, none for timeline pages or reads over many', async () => {
    const co = newCompany();
    const customer = randomUUID();
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: await co.auth('integration'),
      payload: eventInput({ customer_id: customer }),
    });
    const exec = await co.auth('executive');
    const page = await t.app.inject({ url: `/api/v1/events?customer_id=${customer}`, headers: exec });
    expect(page.statusCode).toBe(200);
    const journey = await t.app.inject({
      url: `/api/v1/analytics/journey/customers/${customer}?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
      headers: exec,
    });
    expect(journey.statusCode).toBe(200);
    await t.app.inject({ url: '/api/v1/events', headers: exec });
    await t.app.inject({ url: `/api/v1/events?customer_id=${customer},${randomUUID()}`, headers: exec });
    const reads = await entries(t, co, '&action=customer.read');
    expect(reads.map((e) => e.details.route)).toEqual(['/api/v1/analytics/journey/customers/:customerId']);
    expect(
      reads.every((e) => (e.object_ids as string[])[0] === customer && e.actor_role === 'executive'),
    ).toBe(true);
  });
});

/**
 * A write the append-only trigger refuses, made as someone with superuser hands on the database
 * would: triggers off for one transaction (session_replication_role). Not `alter table … disable
 * trigger`, which Citus refuses on a distributed table; the SET LOCAL reaches the workers' shards
 * with citus.propagate_set_commands (a placeholder setting elsewhere).
 */
async function tamper(db: Db, write: RawBuilder<unknown>) {
  await db.kysely.transaction().execute(async (trx) => {
    await sql`set local citus.propagate_set_commands = 'local'`.execute(trx);
    await sql`set local session_replication_role = replica`.execute(trx);
    await write.execute(trx);
  });
}
