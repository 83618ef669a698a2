import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import type { EventInput } from './schema.js';

type App = Parameters<Parameters<typeof describeApp>[1]>[0]['app'];

async function ingest(app: App, co: TestCompany, items: EventInput[]) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/events/batch',
    headers: await co.auth('integration'),
    payload: items,
  });
  expect(res.json().stored).toBe(items.length);
  return res.json().results.map((r: { id: string }) => r.id) as string[];
}

async function pageAll(app: App, co: TestCompany, query: string, onPage?: (n: number) => Promise<void>) {
  const headers = await co.auth('rep');
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/api/v1/events?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await app.inject({ url, headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    ids.push(...body.items.map((e: { id: string }) => e.id));
    cursor = body.next_cursor;
    pages++;
    await onPage?.(pages);
  } while (cursor);
  return ids;
}

describeApp('timeline', (t) => {
  it('pages newest first without repeats or gaps, ties on timestamp broken by id', async () => {
    const co = newCompany();
    const base = Date.UTC(2025, 5, 1);
    // 3 events share each timestamp, so page edges fall inside ties.
    const items = Array.from({ length: 90 }, (_, i) =>
      eventInput({ event_timestamp: new Date(base + Math.floor(i / 3) * 1000).toISOString() }),
    );
    const ids = await ingest(t.app, co, items);
    const desc = await pageAll(t.app, co, 'limit=7');
    expect(desc).toHaveLength(90);
    expect(new Set(desc).size).toBe(90);
    const expected = items
      .map((e, i) => ({ t: Date.parse(e.event_timestamp), id: ids[i] as string }))
      .sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : -1))
      .map((e) => e.id);
    expect(desc).toEqual(expected);
    const asc = await pageAll(t.app, co, 'limit=11&order=asc');
    expect(asc).toEqual([...expected].reverse());
  });

  it('keeps paging exact while new events arrive', async () => {
    const co = newCompany();
    const base = Date.UTC(2025, 5, 1);
    const items = Array.from({ length: 40 }, (_, i) =>
      eventInput({ event_timestamp: new Date(base + i * 60_000).toISOString() }),
    );
    const ids = await ingest(t.app, co, items);
    const seen = await pageAll(t.app, co, 'limit=10', async () => {
      // New events, both newer than everything and back-dated into the middle, arrive between pages.
      await ingest(t.app, co, [
        eventInput({ event_timestamp: new Date(base + 10_000_000).toISOString() }),
        eventInput({ event_timestamp: new Date(base + 5 * 60_000 + 1).toISOString() }),
      ]);
    });
    const original = seen.filter((id) => ids.includes(id));
    expect(original).toHaveLength(40);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('applies every filter, alone and combined', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    const team = randomUUID();
    const [u1, u2, c1, c2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/users/${u1}`,
      headers: admin,
      payload: { name: 'Una', role: 'rep', team_id: team },
    });
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/customers/${c1}`,
      headers: admin,
      payload: { name: 'Acme', segment: 'Enterprise' },
    });
    const at = (d: number) => new Date(Date.UTC(2025, 0, d, 12)).toISOString();
    const ids = await ingest(t.app, co, [
      eventInput({
        user_id: u1,
        customer_id: c1,
        event_type: 'email',
        event_source: 'email',
        direction: 'inbound',
        sentiment: 'negative',
        event_timestamp: at(1),
        event_title: 'Invoice overdue',
        participants: [{ email: 'pat@acme.test' }],
      }),
      eventInput({
        user_id: u1,
        customer_id: c2,
        event_type: 'call',
        priority: 'high',
        status: 'completed',
        event_timestamp: at(2),
        event_title: 'Renewal call',
      }),
      eventInput({
        user_id: u2,
        customer_id: c1,
        event_type: 'meeting',
        event_source: 'calendar',
        direction: 'outbound',
        event_timestamp: at(3),
        event_description: 'Discussed the invoice',
      }),
      eventInput({
        user_id: u2,
        customer_id: c2,
        event_type: 'sms',
        event_source: 'phone_system',
        contact_id: u1,
        event_timestamp: at(4),
      }),
    ]);
    const headers = await co.auth('rep');
    const q = async (query: string) => {
      const res = await t.app.inject({ url: `/api/v1/events?${query}`, headers });
      expect(res.statusCode, query).toBe(200);
      return res
        .json()
        .items.map((e: { id: string }) => ids.indexOf(e.id))
        .sort();
    };
    expect(await q('type=email,meeting')).toEqual([0, 2]);
    expect(await q('type=email&type=sms')).toEqual([0, 3]);
    expect(await q('source=calendar')).toEqual([2]);
    expect(await q(`user_id=${u1}`)).toEqual([0, 1]);
    expect(await q(`customer_id=${c1}`)).toEqual([0, 2]);
    expect(await q(`contact_id=${u1}`)).toEqual([3]);
    expect(await q(`team_id=${team}`)).toEqual([0, 1]);
    expect(await q('segment=Enterprise')).toEqual([0, 2]);
    expect(await q('direction=inbound,outbound')).toEqual([0, 2]);
    expect(await q('priority=high')).toEqual([1]);
    expect(await q('status=completed')).toEqual([1]);
    expect(await q('sentiment=negative')).toEqual([0]);
    expect(await q('participant=PAT@acme.test')).toEqual([0]);
    expect(await q('q=invoice')).toEqual([0, 2]);
    expect(await q(`from=${at(2)}&to=${at(4)}`)).toEqual([1, 2]);
    expect(await q(`q=invoice&segment=Enterprise&direction=outbound`)).toEqual([2]);
  });

  it('shows directory names on events, null while unknown', async () => {
    const co = newCompany();
    const [id] = await ingest(t.app, co, [eventInput()]);
    const headers = await co.auth('rep');
    const before = (await t.app.inject({ url: `/api/v1/events/${id}`, headers })).json();
    expect(before.user_name).toBeNull();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/users/${before.user_id}`,
      headers: await co.auth('admin'),
      payload: { name: 'Ria Roe', role: 'rep' },
    });
    const after = (await t.app.inject({ url: `/api/v1/events/${id}`, headers })).json();
    expect(after.user_name).toBe('Ria Roe');
  });

  it('PATCH with If-Match updates once and refuses the lost update; DELETE hides the event everywhere', async () => {
    const co = newCompany();
    const [id] = await ingest(t.app, co, [eventInput({ status: 'scheduled' })]);
    const headers = await co.auth('integration');
    const read = await t.app.inject({ url: `/api/v1/events/${id}`, headers: await co.auth('rep') });
    const etag = read.headers.etag as string;
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${id}`,
      headers: { ...headers, 'if-match': etag },
      payload: { status: 'completed', event_data: { outcome: 'connected' } },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'completed', event_data: { outcome: 'connected' } });
    expect(ok.headers.etag).not.toBe(etag);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${id}`,
      headers: { ...headers, 'if-match': etag },
      payload: { status: 'cancelled' },
    });
    expect(stale.statusCode).toBe(412);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/events/${id}`, headers });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/events/${id}`, headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/events', headers })).json().items).toHaveLength(0);
    const hist = await t.app.inject({
      url: '/api/v1/events/histogram?bucket=month&from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z',
      headers,
    });
    expect(hist.json().total).toBe(0);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/events/${id}`,
          headers,
          payload: { status: 'active' },
        })
      ).statusCode,
    ).toBe(404);
  });
});
