import { expect, it } from 'vitest';
import { newCompany } from '../test/app.js';
import { createTimeline, describeStream, ingest } from './testing/harness.js';
import { openStream } from './testing/sse-client.js';

describeStream(
  'stream: saved timelines',
  (t) => {
    it('?timeline_id= streams the timeline narrowed by the request, with notifications', async () => {
      const co = newCompany();
      const headers = await co.auth('admin');
      const timelineId = await createTimeline(t.app, headers, {
        timeline_name: 'Calls and emails',
        default_filters: { type: ['call', 'email'] },
        date_range_default: {},
        notification_preferences: { priorities: ['urgent'] },
      });
      const sse = await openStream(
        `${t.base}/api/v1/stream?timeline_id=${timelineId}&priority=urgent,normal`,
        {
          headers,
        },
      );
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
      const timelineId = await createTimeline(t.app, await a.auth('admin'), { timeline_name: 'Mine' });
      const sse = await openStream(`${t.base}/api/v1/stream?timeline_id=${timelineId}`, {
        headers: await newCompany().auth('admin'),
      });
      expect(sse.status).toBe(404);
      expect(JSON.parse(await sse.body).status).toBe(404);
    });

    it('ends the stream with `revoked` soon after the user loses access to the timeline', async () => {
      const co = newCompany();
      const ownerId = '5a1e0000-0000-4000-8000-000000000001';
      const viewerId = '5a1e0000-0000-4000-8000-000000000002';
      const owner = await co.auth('rep', { userId: ownerId });
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/directory/users/${viewerId}`,
        headers: await co.auth('admin'),
        payload: { name: 'Vic Viewer', role: 'agent' },
      });
      const timelineId = await createTimeline(t.app, owner, {
        timeline_name: 'Shared for a while',
        timeline_type: 'personal',
        shared_with_users: [{ user_id: viewerId, permission: 'view' }],
      });
      const sse = await openStream(`${t.base}/api/v1/stream?timeline_id=${timelineId}`, {
        headers: await co.auth('agent', { userId: viewerId }),
      });
      expect(sse.status).toBe(200);
      const unshare = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/timelines/${timelineId}`,
        headers: owner,
        payload: { shared_with_users: [] },
      });
      expect(unshare.statusCode).toBe(200);
      await sse.waitFor((c) => c.ended, 5000, 'the stream to end');
      expect(sse.of('revoked')).toEqual([{ timeline_id: timelineId, reason: 'access_revoked' }]);
    });
  },
  { accessRecheckMs: 200 },
);
