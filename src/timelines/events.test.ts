import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { EventInput } from '../events/schema.js';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { client, type Person, person } from './testing.js';

const day = 86_400_000;
const at = (iso: string) => new Date(iso).toISOString();

describeApp('timelines: events and histogram', (t) => {
  const api = client(t);

  async function ingest(co: TestCompany, events: EventInput[]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: events,
    });
    expect(res.json().stored).toBe(events.length);
  }
  const titles = async (url: string, who: Person) => {
    const res = await api.get(url, who);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as Array<{ event_title: string }>).map((e) => e.event_title);
  };

  async function callsAndEmails() {
    const co = newCompany();
    const me = await person(t, co);
    const e = (
      title: string,
      type: EventInput['event_type'],
      source: EventInput['event_source'],
      ts: string,
      more: Partial<EventInput> = {},
    ) =>
      eventInput({
        event_title: title,
        event_type: type,
        event_source: source,
        event_timestamp: at(ts),
        ...more,
      });
    await ingest(co, [
      e('call-jan', 'call', 'phone_system', '2025-01-10T10:00:00Z', { priority: 'urgent' }),
      e('email-jan', 'email', 'email', '2025-01-11T10:00:00Z', { event_description: 'renewal price' }),
      e('sms-jan', 'sms', 'phone_system', '2025-01-12T10:00:00Z'),
      e('call-feb', 'call', 'api', '2025-02-10T10:00:00Z'),
      e('email-mar', 'email', 'email', '2025-03-10T10:00:00Z', { event_description: 'renewal' }),
      e('call-dec', 'call', 'phone_system', '2024-12-10T10:00:00Z'),
    ]);
    const timeline = await api.post('/timelines', me, {
      timeline_name: 'Calls and emails',
      timeline_type: 'company',
      default_filters: { type: ['call', 'email'] },
      activity_sources: ['phone_system', 'email'],
      date_range_default: { from: '2025-01-01T00:00:00Z', to: '2025-04-01T00:00:00Z' },
      saved_filters: [{ name: 'Urgent', filters: { priority: ['urgent', 'high'] } }],
    });
    expect(timeline.status).toBe(201);
    return { co, me, id: timeline.body.id as string, urgent: timeline.body.saved_filters[0].id as string };
  }

  it("applies the timeline's filters, sources and date range; requests only narrow them", async () => {
    const { me, id } = await callsAndEmails();
    const url = `/timelines/${id}/events`;
    expect(await titles(url, me)).toEqual(['email-mar', 'email-jan', 'call-jan']);
    expect(await titles(`${url}?type=call`, me)).toEqual(['call-jan']);
    expect(await titles(`${url}?type=sms`, me)).toEqual([]); // outside the timeline: empty, not an error
    expect(await titles(`${url}?type=call,sms`, me)).toEqual(['call-jan']);
    expect(await titles(`${url}?source=api`, me)).toEqual([]);
    // A wider date range is clamped to the timeline's; a narrower one narrows it.
    expect(await titles(`${url}?from=2024-01-01T00:00:00Z`, me)).toEqual([
      'email-mar',
      'email-jan',
      'call-jan',
    ]);
    expect(await titles(`${url}?from=2025-01-11T00:00:00Z&to=2025-03-01T00:00:00Z`, me)).toEqual([
      'email-jan',
    ]);
    expect(await titles(`${url}?from=2026-01-01T00:00:00Z`, me)).toEqual([]);
    expect(await titles(`${url}?q=renewal`, me)).toEqual(['email-mar', 'email-jan']);
  });

  it('returns the same page as /events for the equivalent filters', async () => {
    const { me, id } = await callsAndEmails();
    const viaTimeline = await api.get(`/timelines/${id}/events?type=email`, me);
    const direct = await api.get(
      '/events?type=email&source=phone_system,email&from=2025-01-01T00:00:00Z&to=2025-04-01T00:00:00Z',
      me,
    );
    expect(viaTimeline.body).toEqual(direct.body);
  });

  it('applies a saved filter chosen by id; an unknown id is a 400 naming saved_filter', async () => {
    const { me, id, urgent } = await callsAndEmails();
    expect(await titles(`/timelines/${id}/events?saved_filter=${urgent}`, me)).toEqual(['call-jan']);
    const bad = await api.get(`/timelines/${id}/events?saved_filter=${randomUUID()}`, me);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.saved_filter');
  });

  it("uses the view's sort order by default and pages with cursors bound to the timeline", async () => {
    const { me, id } = await callsAndEmails();
    await api.patch(`/timelines/${id}`, me, { view_preferences: { sort_order: 'asc' } });
    const first = await api.get(`/timelines/${id}/events?limit=2`, me);
    expect(first.body.items.map((e: { event_title: string }) => e.event_title)).toEqual([
      'call-jan',
      'email-jan',
    ]);
    const next = await api.get(`/timelines/${id}/events?limit=2&cursor=${first.body.next_cursor}`, me);
    expect(next.body.items.map((e: { event_title: string }) => e.event_title)).toEqual(['email-mar']);
    expect(next.body.next_cursor).toBeNull();
    expect(await titles(`/timelines/${id}/events?order=desc&limit=1`, me)).toEqual(['email-mar']);
    const copy = (await api.post(`/timelines/${id}/duplicate`, me)).body;
    const foreign = await api.get(
      `/timelines/${copy.id}/events?limit=2&cursor=${first.body.next_cursor}`,
      me,
    );
    expect(foreign.status).toBe(400);
  });

  it('the histogram counts exactly the narrowed events', async () => {
    const { me, id } = await callsAndEmails();
    const h = await api.get(`/timelines/${id}/histogram?bucket=month&tz=UTC`, me);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({
      bucket: 'month',
      total: 3,
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-04-01T00:00:00.000Z',
    });
    expect(h.body.buckets.map((b: { total: number }) => b.total)).toEqual([2, 1]);
    const calls = await api.get(`/timelines/${id}/histogram?bucket=month&tz=UTC&type=call`, me);
    expect(calls.body.total).toBe(1);
    const none = await api.get(`/timelines/${id}/histogram?bucket=day&type=sms`, me);
    expect(none.body).toMatchObject({ total: 0, buckets: [] });
  });

  it('relative date ranges follow the clock; participant conflicts are refused by name', async () => {
    const co = newCompany();
    const me = await person(t, co);
    const now = Date.now();
    await ingest(co, [
      eventInput({
        event_title: 'recent',
        event_timestamp: new Date(now - 10 * day).toISOString(),
        participants: [{ email: 'ann@x.com' }],
      }),
      eventInput({
        event_title: 'old',
        event_timestamp: new Date(now - 40 * day).toISOString(),
        participants: [{ email: 'ann@x.com' }],
      }),
    ]);
    const tl = await api.post('/timelines', me, {
      timeline_name: 'Ann, last 30 days',
      timeline_type: 'company',
      default_filters: { participant: 'ann@x.com' },
      date_range_default: { relative: 'last_30_days' },
    });
    expect(await titles(`/timelines/${tl.body.id}/events`, me)).toEqual(['recent']);
    expect(await titles(`/timelines/${tl.body.id}/events?participant=ANN@x.com`, me)).toEqual(['recent']);
    const clash = await api.get(`/timelines/${tl.body.id}/events?participant=bob@x.com`, me);
    expect(clash.status).toBe(400);
    expect(clash.body.errors[0].path).toBe('query.participant');
    const badRange = await api.get(
      `/timelines/${tl.body.id}/events?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z`,
      me,
    );
    expect(badRange.body.errors[0].path).toBe('query.from');
  });
});
