import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

/** Independent local-day key of an instant in a zone, computed with Intl (not SQL). */
const localDay = (iso: string, tz: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));

describeApp('histogram', (t) => {
  it('counts per local calendar day across a DST change, with events on bucket edges', async () => {
    const co = newCompany();
    const tz = 'America/New_York'; // DST starts 2025-03-09 02:00 local (07:00Z)
    const times = [
      '2025-03-08T04:59:59.999Z', // Mar 7, 23:59:59.999 local
      '2025-03-08T05:00:00.000Z', // Mar 8, 00:00 local (edge: belongs to Mar 8)
      '2025-03-09T04:59:59.000Z', // Mar 8, 23:59:59 EST
      '2025-03-09T05:00:00.000Z', // Mar 9, 00:00 EST
      '2025-03-09T07:30:00.000Z', // Mar 9, 03:30 EDT
      '2025-03-10T03:59:59.000Z', // Mar 9, 23:59:59 EDT (a 23-hour day)
      '2025-03-10T04:00:00.000Z', // Mar 10, 00:00 EDT
    ];
    const types = ['call', 'email', 'call', 'meeting', 'call', 'email', 'call'] as const;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: times.map((ts, i) => eventInput({ event_timestamp: ts, event_type: types[i] })),
    });
    const res = await t.app.inject({
      url: `/api/v1/events/histogram?bucket=day&tz=${tz}&from=2025-03-07T00:00:00Z&to=2025-03-11T00:00:00Z`,
      headers: await co.auth('rep'),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ bucket: 'day', tz, total: 7 });
    const expected = new Map<string, Record<string, number>>();
    times.forEach((ts, i) => {
      const day = localDay(ts, tz);
      const counts = expected.get(day) ?? {};
      counts[types[i] as string] = (counts[types[i] as string] ?? 0) + 1;
      expected.set(day, counts);
    });
    const got = new Map(
      body.buckets.map((b: { start: string; by_type: Record<string, number> }) => [
        localDay(b.start, tz),
        b.by_type,
      ]),
    );
    expect(got).toEqual(expected);
    // By hand: Mar 7 ×1, Mar 8 ×2, Mar 9 ×3, Mar 10 ×1; bucket starts are local midnights.
    expect(body.buckets.map((b: { total: number }) => b.total)).toEqual([1, 2, 3, 1]);
    expect(body.buckets.map((b: { start: string }) => b.start)).toEqual([
      '2025-03-07T05:00:00.000Z',
      '2025-03-08T05:00:00.000Z',
      '2025-03-09T05:00:00.000Z',
      '2025-03-10T04:00:00.000Z',
    ]);
  });

  it('auto picks a bucket from the range and uses the company time zone by default', async () => {
    const co = newCompany();
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/company/settings',
      headers: await co.auth('admin'),
      payload: { timezone: 'Asia/Tokyo' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: await co.auth('integration'),
      payload: eventInput({ event_timestamp: '2025-01-01T16:00:00Z' }),
    });
    const headers = await co.auth('rep');
    const day = (
      await t.app.inject({
        url: '/api/v1/events/histogram?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z',
        headers,
      })
    ).json();
    expect(day).toMatchObject({ bucket: 'day', tz: 'Asia/Tokyo', total: 1 });
    // 16:00Z is Jan 2, 01:00 in Tokyo: the bucket starts at Tokyo's midnight of Jan 2.
    expect(day.buckets[0].start).toBe('2025-01-01T15:00:00.000Z');
    const hour = (
      await t.app.inject({
        url: '/api/v1/events/histogram?from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z',
        headers,
      })
    ).json();
    expect(hour.bucket).toBe('hour');
    const month = (
      await t.app.inject({
        url: '/api/v1/events/histogram?from=2020-01-01T00:00:00Z&to=2025-01-02T00:00:00Z',
        headers,
      })
    ).json();
    expect(month.bucket).toBe('month');
  });
});
