/**
 * Purges and erasures reach open timelines: a retention purge's removals are pushed as
 * `event.deleted` (`purged: true`) to exactly the clients whose visibility covers the purged event
 * (owner and team; the row is gone, so only these are known), live and on resume; an erasure's
 * events arrive as `event.updated` with their content removed.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { saveCompanySettings } from '../company/queries.js';
import { purgeCompany } from '../retention/purge-all.js';
import { newCompany } from '../test/app.js';
import { describeStream, ingest } from './testing/harness.js';
import { openStream } from './testing/sse-client.js';

const YEAR = 366 * 86_400_000;

describeStream('stream: purges and erasures', (t) => {
  it('pushes a purge removal to the clients who could see the event, live and on resume', async () => {
    const co = newCompany();
    await saveCompanySettings(co.scope(t.db), { activity_visibility: 'team' });
    const [ann, bob] = [randomUUID(), randomUUID()];
    const old = new Date(Date.now() - 3 * YEAR).toISOString();
    const [annOld, bobOld, annRecent] = await ingest(t.app, co, [
      { user_id: ann, event_timestamp: old },
      { user_id: bob, event_timestamp: old },
      { user_id: ann, event_timestamp: new Date().toISOString() },
    ]);
    const url = `${t.base}/api/v1/stream`;
    const admin = await openStream(url, { headers: await co.auth('admin') });
    const annRep = await openStream(url, { headers: await co.auth('rep', { userId: ann, teamId: null }) });
    const bobRep = await openStream(url, { headers: await co.auth('rep', { userId: bob, teamId: null }) });
    const position = (
      await co
        .scope(t.db)
        .db.selectFrom('company_sequences')
        .select('last_seq')
        .where('company_id', '=', co.id)
        .executeTakeFirstOrThrow()
    ).last_seq;
    await new Promise((r) => setTimeout(r, 50)); // let the streams go live

    await saveCompanySettings(co.scope(t.db), { retention_years: 2 });
    expect(await purgeCompany(t.db, co.id)).toBe(2);
    await admin.waitFor((c) => c.of('event.deleted').length >= 2, 5000, 'admin removals');
    await annRep.waitFor((c) => c.of('event.deleted').length >= 1, 5000, 'ann removal');
    await bobRep.waitFor((c) => c.of('event.deleted').length >= 1, 5000, 'bob removal');
    // Whatever else arrives comes before a marker change everyone sees: nothing more was sent.
    await ingest(t.app, co, [{ user_id: ann }, { user_id: bob }]);
    await annRep.waitFor((c) => c.of('event.created').length >= 1, 5000, 'ann marker');
    await bobRep.waitFor((c) => c.of('event.created').length >= 1, 5000, 'bob marker');
    const removed = (c: typeof admin) => c.of('event.deleted').map((m) => ({ id: m.id, purged: m.purged }));
    expect(removed(admin).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(
      [
        { id: annOld, purged: true },
        { id: bobOld, purged: true },
      ].sort((a, b) => String(a.id).localeCompare(String(b.id))),
    );
    expect(removed(annRep)).toEqual([{ id: annOld, purged: true }]);
    expect(removed(bobRep)).toEqual([{ id: bobOld, purged: true }]);
    for (const c of [admin, annRep, bobRep]) c.close();
    expect(annRecent).toBeDefined();

    // A client that was away during the purge gets its removal when it resumes.
    const back = await openStream(url, {
      headers: {
        ...(await co.auth('rep', { userId: ann, teamId: null })),
        'last-event-id': String(position),
      },
    });
    await back.waitFor((c) => c.of('event.created').length >= 1, 5000, 'resume');
    back.close();
    expect(back.of('event.deleted').map((m) => m.id)).toEqual([annOld]);
  });

  it('pushes an erasure as updates without the personal content', async () => {
    const co = newCompany();
    const customer = randomUUID();
    const [id] = await ingest(t.app, co, [
      {
        customer_id: customer,
        event_title: 'Call with Jane Roe',
        participants: [{ email: 'jane@roe.test' }],
      },
    ]);
    const sse = await openStream(`${t.base}/api/v1/stream?customer_id=${customer}`, {
      headers: await co.auth('compliance'),
    });
    await new Promise((r) => setTimeout(r, 50));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/erasure',
      headers: await co.auth('compliance'),
      payload: { customer_id: customer },
    });
    expect(res.statusCode).toBe(200);
    await sse.waitFor((c) => c.of('event.updated').length >= 1, 5000, 'erasure update');
    sse.close();
    const [updated] = sse.of('event.updated');
    expect(updated).toMatchObject({ id, event_title: 'Erased activity' });
    expect(JSON.stringify(updated)).not.toMatch(/Jane|jane@roe/);
  });
});
