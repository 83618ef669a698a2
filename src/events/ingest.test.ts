import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import type { EventInput } from './schema.js';

describeApp('ingest', (t) => {
  it('stores one event, answers 201 with Location and ETag, and returns it on GET', async () => {
    const co = newCompany();
    const input = eventInput({
      event_type: 'email',
      event_source: 'email',
      direction: 'inbound',
      event_data: { thread_id: 'th-1', subject: 'Hello', custom_field: 7 } as EventInput['event_data'],
      participants: [{ email: 'Ann@Example.COM', role: 'from' }],
      engagement_score: 12.5,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: await co.auth('integration'),
      payload: input,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/api/v1/events/${body.id}`);
    expect(res.headers.etag).toBe(`"${body.seq}"`);
    expect(body).toMatchObject({
      company_id: co.id,
      customer_id: input.customer_id,
      event_type: 'email',
      direction: 'inbound',
      event_data: { thread_id: 'th-1', subject: 'Hello', custom_field: 7 },
      participants: [{ email: 'ann@example.com', role: 'from' }],
      engagement_score: 12.5,
      priority: 'normal',
      status: 'active',
      customer_name: null,
    });
    const got = await t.app.inject({
      url: body.id ? `/api/v1/events/${body.id}` : '',
      headers: await co.auth('rep'),
    });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(body);
  });

  it('is idempotent on (event_source, external_id): a re-send answers 200 with the stored event', async () => {
    const co = newCompany();
    const headers = await co.auth('integration');
    const input = eventInput({ external_id: 'call-123' });
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: input });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers,
      payload: { ...input, event_title: 'changed' },
    });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().event_title).toBe(input.event_title);
    // Same external id from another source is a different event.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers,
      payload: { ...input, event_source: 'api' },
    });
    expect(other.statusCode).toBe(201);
    const list = await t.app.inject({ url: '/api/v1/events', headers: await co.auth('rep') });
    expect(list.json().items).toHaveLength(2);
  });

  it('batch: stores valid items, reports invalid ones at their index, dedupes within and across calls', async () => {
    const co = newCompany();
    const headers = await co.auth('integration');
    const items = [
      eventInput({ external_id: 'a' }),
      { ...eventInput(), event_type: 'fax' },
      eventInput({ external_id: 'a' }), // repeats item 0
      eventInput(),
    ];
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/events/batch', headers, payload: items });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ stored: 2, duplicates: 1, rejected: 1 });
    expect(body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 200, 201]);
    expect(body.results[2].id).toBe(body.results[0].id);
    expect(body.results[1].error.errors[0].path).toBe('body.1.event_type');
    const resend = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers,
      payload: [items[0]],
    });
    expect(resend.json().results[0]).toMatchObject({ status: 200, id: body.results[0].id });
  });

  it('batch atomic=true stores nothing when an item is invalid', async () => {
    const co = newCompany();
    const headers = await co.auth('integration');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch?atomic=true',
      headers,
      payload: [eventInput(), { ...eventInput(), event_title: '' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.1.event_title');
    const list = await t.app.inject({ url: '/api/v1/events', headers: await co.auth('rep') });
    expect(list.json().items).toHaveLength(0);
  });

  it('batch accepts NDJSON and reports a malformed line at its index', async () => {
    const co = newCompany();
    const lines = [JSON.stringify(eventInput()), '{"not json', JSON.stringify(eventInput())].join('\n');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: { ...(await co.auth('integration')), 'content-type': 'application/x-ndjson' },
      payload: lines,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { status: number }) => r.status)).toEqual([201, 400, 201]);
    expect(res.json().results[1].error.detail).toMatch(/Line 2 is not valid JSON/);
  });

  it('refuses a batch over 5,000 items with 413', async () => {
    const co = newCompany();
    const item = eventInput();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: Array.from({ length: 5001 }, () => item),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('conflicting explicit ids answer 409 instead of overwriting', async () => {
    const co = newCompany();
    const headers = await co.auth('integration');
    const id = randomUUID();
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: eventInput({ id }) }))
        .statusCode,
    ).toBe(201);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers,
      payload: eventInput({ id }),
    });
    expect(dup.statusCode).toBe(409);
  });

  it('only integration and admin tokens may ingest', async () => {
    const co = newCompany();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: await co.auth('rep'),
      payload: eventInput(),
    });
    expect(res.statusCode).toBe(403);
  });
});
