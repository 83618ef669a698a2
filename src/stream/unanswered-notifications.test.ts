/**
 * A saved "unanswered" timeline notifies only of events still unanswered when the stream delivers
 * them (unanswered.ts's condition, asked once per page of changes): an inbound event backfilled
 * before a stored reply is answered from the start and raises none; a live reply still comes as
 * the client's cue to reload (the event leaves the queue) and never notifies.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { saveCompanySettings } from '../company/queries.js';
import { newCompany, type TestCompany } from '../test/app.js';
import { createTimeline, describeStream, ingest, type StreamTestContext } from './testing/harness.js';
import { openStream, type SseConnection } from './testing/sse-client.js';

const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

/** A company timeline of unanswered events that notifies of every call. */
const unansweredCalls = async (t: StreamTestContext, co: TestCompany) =>
  createTimeline(t.app, await co.auth('admin'), {
    timeline_name: 'Unanswered calls',
    is_public: true,
    default_filters: { unanswered: true },
    notification_preferences: { event_types: ['call'] },
  });

/** Ingests an event nobody is notified of and waits for it: every message before it has arrived. */
async function settle(t: StreamTestContext, co: TestCompany, streams: SseConnection[]) {
  const [marker] = await ingest(t.app, co, [{ direction: 'outbound', event_timestamp: at(0) }]);
  for (const s of streams)
    await s.waitFor(
      (c) => c.of<{ id: string }>('event.created').some((m) => m.id === marker),
      5000,
      'marker',
    );
  return marker;
}

const notified = (s: SseConnection) => s.of<{ event_id: string }>('notification').map((m) => m.event_id);
const created = (s: SseConnection) => s.of<{ id: string }>('event.created').map((m) => m.id);

describeStream('stream: notifications of a saved unanswered timeline', (t) => {
  it('notifies of a live inbound event; its live reply comes as an event and notifies of nothing', async () => {
    const co = newCompany();
    const headers = await co.auth('admin');
    const timelineId = await unansweredCalls(t, co);
    const sse = await openStream(`${t.base}/api/v1/stream?timeline_id=${timelineId}`, { headers });
    expect(sse.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const customer_id = randomUUID();
    const [ask] = await ingest(t.app, co, [
      { customer_id, direction: 'inbound', event_title: 'Please call me', event_timestamp: at(60_000) },
    ]);
    await sse.waitFor((c) => c.of('notification').length >= 1, 5000, 'the notification');
    const [reply] = await ingest(t.app, co, [
      { customer_id, direction: 'outbound', event_title: 'Called back', event_timestamp: at(0) },
    ]);
    const marker = await settle(t, co, [sse]);
    sse.close();
    expect(sse.messages.map((m) => m.event)).toEqual([
      'event.created',
      'notification',
      'event.created',
      'event.created',
    ]);
    expect(created(sse)).toEqual([ask, reply, marker]);
    expect(sse.of('notification')).toMatchObject([
      { timeline_id: timelineId, event_id: ask, title: 'New call: Please call me' },
    ]);
  });

  it('an inbound event backfilled before a stored reply raises no notification, live and on resume', async () => {
    const co = newCompany();
    const headers = await co.auth('admin');
    const timelineId = await unansweredCalls(t, co);
    const customer_id = randomUUID();
    // The reply is stored first (thread t1); the customer's messages arrive later, dated before it.
    await ingest(t.app, co, [
      { customer_id, direction: 'outbound', event_timestamp: at(0), event_data: { thread_id: 't1' } },
    ]);
    const url = `${t.base}/api/v1/stream?timeline_id=${timelineId}`;
    const live = await openStream(url, { headers });
    expect(live.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const before = await streamPosition(t, co);
    const [sameThread, otherThread, noThread] = await ingest(t.app, co, [
      { customer_id, direction: 'inbound', event_timestamp: at(60_000), event_data: { thread_id: 't1' } },
      { customer_id, direction: 'inbound', event_timestamp: at(60_000), event_data: { thread_id: 't2' } },
      { customer_id, direction: 'inbound', event_timestamp: at(120_000) },
    ]);
    const marker = await settle(t, co, [live]);
    // A client resuming from before the backfill replays it with the same answer.
    const resumed = await openStream(`${url}&last_event_id=${before}`, { headers });
    await resumed.waitFor((c) => created(c).includes(marker as string), 5000, 'the replay');
    for (const s of [live, resumed]) {
      s.close();
      expect(created(s)).toEqual([sameThread, otherThread, noThread, marker]);
      // Only the thread no reply is in is unanswered (a thread-less ask takes a reply in any thread).
      expect(notified(s)).toEqual([otherThread]);
    }
  });

  it('a reply the viewer may not see does not answer the event for them', async () => {
    const co = newCompany();
    await saveCompanySettings(co.scope(t.db), { activity_visibility: 'team' });
    const [ann, bob] = [randomUUID(), randomUUID()];
    const timelineId = await unansweredCalls(t, co);
    const customer_id = randomUUID();
    await ingest(t.app, co, [{ customer_id, user_id: bob, direction: 'outbound', event_timestamp: at(0) }]);
    const url = `${t.base}/api/v1/stream?timeline_id=${timelineId}`;
    const admin = await openStream(url, { headers: await co.auth('admin') });
    const annRep = await openStream(url, { headers: await co.auth('rep', { userId: ann, teamId: null }) });
    expect([admin.status, annRep.status]).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 50));
    const [ask] = await ingest(t.app, co, [
      { customer_id, user_id: ann, direction: 'inbound', event_timestamp: at(60_000) },
    ]);
    await settle(t, co, [admin]);
    await annRep.waitFor((c) => created(c).includes(ask as string), 5000, "ann's event");
    await ingest(t.app, co, [{ user_id: ann, direction: 'outbound', event_timestamp: at(0) }]);
    await annRep.waitFor((c) => created(c).length >= 2, 5000, "ann's marker");
    for (const s of [admin, annRep]) s.close();
    // Bob's reply answers it for the admin, who sees it; Ann sees only her own events (team setting).
    expect(notified(admin)).toEqual([]);
    expect(notified(annRep)).toEqual([ask]);
  });
});

/** The company's last seq (where a stream opened now starts). */
async function streamPosition(t: StreamTestContext, co: TestCompany): Promise<number> {
  const row = await co
    .scope(t.db)
    .db.selectFrom('company_sequences')
    .select('last_seq')
    .where('company_id', '=', co.id)
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}
