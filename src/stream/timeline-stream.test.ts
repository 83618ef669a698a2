import { expect, it } from 'vitest';
import { newCompany } from '../test/app.js';
import { describeStream, ingest } from './testing/harness.js';
import { openStream } from './testing/sse-client.js';

describeStream('stream: saved timelines', (t) => {
  it('?timeline_id= streams the timeline narrowed by the request, with notifications', async () => {
    const co = newCompany();
    const headers = await co.auth('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/timelines',
      headers,
      payload: {
        timeline_name: 'Calls and emails',
        timeline_type: 'company',
        default_filters: { type: ['call', 'email'] },
        date_range_default: {},
        notification_preferences: { priorities: ['urgent'] },
      },
    });
    expect(created.statusCode).toBe(201);
    const timelineId = created.json().id as string;
    const sse = await openStream(`${t.base}/api/v1/stream?timeline_id=${timelineId}&priority=urgent,normal`, {
      headers,
    });
    expect(sse.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const now = new Date().toISOString();
    const ids = await ingest(t.app, co, [
      { event_type: 'call', priority: 'urgent', event_title: 'Renewal at risk', event_timestamp: now },
      { event_type: 'meeting', event_source: 'calendar', priority: 'urgent', event_timestamp: now },
      { event_type: 'email', event_source: 'email', priority: 'normal', event_timestamp: now },
      { event_type: 'call', priority: 'low', event_timestamp: now },
    ]);
    await sse.waitFor((c) => c.messages.length >= 3, 5000, 'timeline messages');
    await new Promise((r) => setTimeout(r, 100));
    sse.close();
    expect(sse.messages.map((m) => m.event)).toEqual(['event.created', 'notification', 'event.created']);
    expect(sse.of<{ id: string }>('event.created').map((m) => m.id)).toEqual([ids[0], ids[2]]);
    expect(sse.of('notification')[0]).toMatchObject({
      timeline_id: timelineId,
      event_id: ids[0],
      reason: 'priority',
      title: 'Urgent priority call: Renewal at risk',
    });
  });

  it("another company's timeline id answers 404, like a missing one", async () => {
    const a = newCompany();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/timelines',
      headers: await a.auth('admin'),
      payload: { timeline_name: 'Mine', timeline_type: 'company' },
    });
    const sse = await openStream(`${t.base}/api/v1/stream?timeline_id=${created.json().id}`, {
      headers: await newCompany().auth('admin'),
    });
    expect(sse.status).toBe(404);
    expect(JSON.parse(await sse.body).status).toBe(404);
  });
});
