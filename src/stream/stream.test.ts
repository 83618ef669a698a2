import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { saveCompanySettings } from '../company/queries.js';
import { newCompany } from '../test/app.js';
import { describeStream, ingest } from './testing/harness.js';
import { openStream } from './testing/sse-client.js';

describeStream(
  'stream: live delivery, filters, isolation',
  (t) => {
    it('pushes created, updated and deleted changes with id = seq and the API payload shape', async () => {
      const co = newCompany();
      const sse = await openStream(`${t.base}/api/v1/stream`, { headers: await co.auth('rep') });
      expect(sse.status).toBe(200);
      expect(sse.contentType).toContain('text/event-stream');
      await new Promise((r) => setTimeout(r, 50)); // let the stream go live before writing
      const [id] = await ingest(t.app, co, [
        { event_type: 'email', event_source: 'email', event_title: 'Hi' },
      ]);
      await sse.waitFor((c) => c.messages.length >= 1, 5000, 'created');
      const api = await t.app.inject({ url: `/api/v1/events/${id}`, headers: await co.auth('rep') });
      const [created] = sse.of('event.created');
      expect(created).toEqual({ ...api.json(), _id: String(api.json().seq) });

      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/events/${id}`,
        headers: await co.auth('integration'),
        payload: { status: 'completed' },
      });
      expect(patch.statusCode).toBe(200);
      await sse.waitFor((c) => c.messages.length >= 2, 5000, 'updated');
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/events/${id}`,
        headers: await co.auth('admin'),
      });
      expect(del.statusCode).toBe(204);
      await sse.waitFor((c) => c.messages.length >= 3, 5000, 'deleted');
      sse.close();
      expect(sse.messages.map((m) => m.event)).toEqual(['event.created', 'event.updated', 'event.deleted']);
      expect(sse.of('event.updated')[0]).toMatchObject({ id, status: 'completed', seq: patch.json().seq });
      const deleted = sse.of('event.deleted')[0];
      expect(deleted).toEqual({ id, seq: deleted?.seq, _id: String(deleted?.seq) });
      const seqs = sse.messages.map((m) => Number(m.id));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    });

    it('applies the timeline filters and never leaks another company', async () => {
      const a = newCompany();
      const b = newCompany();
      const customer = randomUUID();
      const base = `${t.base}/api/v1/stream`;
      const emails = await openStream(`${base}?type=email,sms`, { headers: await a.auth('rep') });
      const byCustomer = await openStream(`${base}?customer_id=${customer.toUpperCase()}`, {
        headers: await a.auth('rep'),
      });
      const participant = await openStream(`${base}?participant=Ann@Example.com`, {
        headers: await a.auth('rep'),
      });
      const text = await openStream(`${base}?q=invoice`, { headers: await a.auth('rep') });
      const other = await openStream(base, { headers: await b.auth('executive') });
      await new Promise((r) => setTimeout(r, 50));
      const ids = await ingest(t.app, a, [
        { event_type: 'email', event_source: 'email' },
        { event_type: 'call', customer_id: customer },
        { event_type: 'sms', event_source: 'chat', participants: [{ email: 'ann@example.com' }] },
        { event_type: 'note', event_source: 'manual', event_title: 'Overdue invoice follow-up' },
      ]);
      const [bId] = await ingest(t.app, b, [{ event_type: 'email', event_source: 'email' }]);
      await emails.waitFor((c) => c.messages.length >= 2, 5000, 'emails');
      await byCustomer.waitFor((c) => c.messages.length >= 1, 5000, 'customer');
      await participant.waitFor((c) => c.messages.length >= 1, 5000, 'participant');
      await text.waitFor((c) => c.messages.length >= 1, 5000, 'q');
      await other.waitFor((c) => c.messages.length >= 1, 5000, 'company b');
      // One more change to A after everything: any wrongly matched earlier message would have arrived.
      await new Promise((r) => setTimeout(r, 100));
      for (const c of [emails, byCustomer, participant, text, other]) c.close();
      const idsOf = (c: typeof emails) => c.of<{ id: string }>('event.created').map((m) => m.id);
      expect(idsOf(emails)).toEqual([ids[0], ids[2]]);
      expect(idsOf(byCustomer)).toEqual([ids[1]]);
      expect(idsOf(participant)).toEqual([ids[2]]);
      expect(idsOf(text)).toEqual([ids[3]]);
      expect(idsOf(other)).toEqual([bId]);
    });

    it('weekday/hour without tz are read in the company zone, as GET /events reads them', async () => {
      const a = newCompany();
      await saveCompanySettings(a.scope(t.db), { name: 'Tokyo Co', timezone: 'Asia/Tokyo' });
      const sse = await openStream(`${t.base}/api/v1/stream?hour=9`, { headers: await a.auth('rep') });
      await new Promise((r) => setTimeout(r, 50));
      // 00:30 UTC is 09:30 in Tokyo (matches); 09:30 UTC is 18:30 there (does not).
      const ids = await ingest(t.app, a, [
        { event_timestamp: '2026-03-02T00:30:00.000Z' },
        { event_timestamp: '2026-03-02T09:30:00.000Z' },
      ]);
      await sse.waitFor((c) => c.messages.length >= 1, 5000, 'hour 9 in Tokyo');
      await new Promise((r) => setTimeout(r, 200));
      sse.close();
      expect(sse.of<{ id: string }>('event.created').map((m) => m.id)).toEqual([ids[0]]);
    });

    it('sends heartbeat comments and, with ?metrics=1, live counts by type', async () => {
      const co = newCompany();
      await ingest(t.app, co, [
        { event_type: 'call', event_timestamp: new Date(Date.now() - 60_000).toISOString() },
        { event_type: 'call', event_timestamp: new Date(Date.now() - 20 * 60_000).toISOString() },
        {
          event_type: 'email',
          event_source: 'email',
          event_timestamp: new Date(Date.now() - 2 * 60_000).toISOString(),
        },
        {
          event_type: 'email',
          event_source: 'email',
          event_timestamp: new Date(Date.now() - 3 * 3_600_000).toISOString(),
        },
      ]);
      const sse = await openStream(`${t.base}/api/v1/stream?metrics=1`, {
        headers: await co.auth('executive'),
      });
      await sse.waitFor(
        (c) => c.messages.some((m) => m.event === 'metrics') && c.comments >= 3,
        5000,
        'metrics',
      );
      sse.close();
      expect(sse.of('metrics')[0]).toMatchObject({
        last_5m: { call: 1, email: 1 },
        last_60m: { call: 2, email: 1 },
        total_5m: 2,
        total_60m: 3,
      });
    });
  },
  { heartbeatMs: 50 },
);
