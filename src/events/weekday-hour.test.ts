import { expect, it } from 'vitest';
import { compileFilters } from '../stream/match-filters.js';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import type { TimelineFilters } from './filters.js';
import { getEventsByIds } from './queries/list-events.js';

/**
 * Independent local weekday (ISO, 1 = Monday) and hour of an instant in a zone: the zone's wall
 * clock as text (sv-SE gives "YYYY-MM-DD HH:mm:ss"), read back as if it were UTC.
 */
function local(iso: string, tz: string) {
  const wall = new Date(iso).toLocaleString('sv-SE', { timeZone: tz }).replace(' ', 'T');
  const d = new Date(`${wall}Z`);
  return { weekday: ((d.getUTCDay() + 6) % 7) + 1, hour: d.getUTCHours() };
}

/** Instants around the 2025 DST changes of New York and Berlin, on hour and day edges. */
const TRANSITIONS = [
  '2025-03-09T07:00:00Z', // New York 02:00 EST → 03:00 EDT (a Sunday)
  '2025-11-02T06:00:00Z', // New York 02:00 EDT → 01:00 EST (01:xx happens twice)
  '2025-03-30T01:00:00Z', // Berlin 02:00 CET → 03:00 CEST (a Sunday)
  '2025-10-26T01:00:00Z', // Berlin 03:00 CEST → 02:00 CET (02:xx happens twice)
];
const OFFSETS_MS = [-3_600_001, -3_600_000, -1_800_000, -1, 0, 1, 1_800_000, 3_599_999, 3_600_000, 7_200_000];
const MIDNIGHTS = [
  '2025-03-10T03:59:59.999Z', // New York Sun 23:59:59.999 EDT
  '2025-03-10T04:00:00.000Z', // New York Mon 00:00 EDT
  '2025-03-30T21:59:59.999Z', // Berlin Sun 23:59:59.999 CEST
  '2025-03-30T22:00:00.000Z', // Berlin Mon 00:00 CEST
];
const TIMES = [
  ...TRANSITIONS.flatMap((t) => OFFSETS_MS.map((o) => new Date(Date.parse(t) + o).toISOString())),
  ...MIDNIGHTS,
];

describeApp('weekday and hour filters', (t) => {
  async function seed() {
    const co = newCompany();
    const admin = await co.auth('admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: TIMES.map((ts, i) => eventInput({ event_timestamp: ts, event_title: `E${i}` })),
    });
    const ids = (res.json().results as Array<{ id: string }>).map((r) => r.id);
    const byId = new Map(ids.map((id, i) => [id, TIMES[i] as string]));
    const rows = await getEventsByIds(co.scope(t.db), ids);
    return { co, admin, ids, byId, rows };
  }
  const query = (f: Record<string, unknown>) =>
    Object.entries(f)
      .map(([k, v]) => `${k}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`)
      .join('&');

  const CASES: Array<{ weekday?: number[]; hour?: number[] }> = [
    { weekday: [7] },
    { weekday: [1] },
    { hour: [1] }, // twice on New York's fall-back night
    { hour: [2] }, // missing on the spring-forward nights, twice on Berlin's fall-back night
    { hour: [3] },
    { weekday: [7], hour: [1, 2] },
    { weekday: [1], hour: [0] }, // just after local midnight only
    { weekday: [6, 7], hour: [23, 0, 4] },
  ];

  it('GET /events, the histogram and the stream matcher select exactly the local weekday × hour, across DST', async () => {
    const { admin, ids, byId, rows } = await seed();
    for (const tz of ['America/New_York', 'Europe/Berlin']) {
      for (const c of CASES) {
        const expected = ids
          .filter((id) => {
            const l = local(byId.get(id) as string, tz);
            return (!c.weekday || c.weekday.includes(l.weekday)) && (!c.hour || c.hour.includes(l.hour));
          })
          .sort();
        const q = query({ ...c, tz });
        // Each case selects a proper, non-empty subset (else it would prove nothing).
        expect(expected.length, q).toBeGreaterThan(0);
        expect(expected.length, q).toBeLessThan(ids.length);

        const list = await t.app.inject({ url: `/api/v1/events?limit=200&${q}`, headers: admin });
        expect(list.statusCode, q).toBe(200);
        expect((list.json().items as Array<{ id: string }>).map((e) => e.id).sort(), q).toEqual(expected);

        const histogram = await t.app.inject({
          url: `/api/v1/events/histogram?bucket=day&${q}`,
          headers: admin,
        });
        expect(histogram.statusCode, q).toBe(200);
        expect(histogram.json().total, q).toBe(expected.length);

        const matches = compileFilters({ ...c, tz } as TimelineFilters);
        expect(
          rows
            .filter(matches)
            .map((r) => r.id)
            .sort(),
          `stream ${q}`,
        ).toEqual(expected);
      }
    }
  });

  it("reads the company's zone when no tz is given (SQL and the matcher with that zone)", async () => {
    const { admin, ids, byId, rows } = await seed();
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/company/settings',
      headers: admin,
      payload: { timezone: 'Europe/Berlin' },
    });
    expect(put.statusCode).toBe(200);
    const c = { weekday: [7], hour: [2] };
    const expected = ids
      .filter((id) => {
        const l = local(byId.get(id) as string, 'Europe/Berlin');
        return l.weekday === 7 && l.hour === 2;
      })
      .sort();
    expect(expected.length).toBeGreaterThan(1); // 02:xx twice on the fall-back night
    const list = await t.app.inject({ url: `/api/v1/events?${query(c)}`, headers: admin });
    expect((list.json().items as Array<{ id: string }>).map((e) => e.id).sort()).toEqual(expected);
    expect(
      rows
        .filter(compileFilters(c, 'Europe/Berlin'))
        .map((r) => r.id)
        .sort(),
    ).toEqual(expected);
    // A cursor keeps the zone: the second page continues the same selection.
    const page1 = await t.app.inject({ url: `/api/v1/events?limit=1&${query(c)}`, headers: admin });
    const page2 = await t.app.inject({
      url: `/api/v1/events?limit=1&${query(c)}&cursor=${encodeURIComponent(page1.json().next_cursor)}`,
      headers: admin,
    });
    const pages = [page1.json().items[0].id, page2.json().items[0].id];
    expect(new Set(pages).size).toBe(2);
    expect(pages.every((id) => expected.includes(id))).toBe(true);
  });

  it('a saved timeline with weekday/hour filters shows the same events, narrowed by the request', async () => {
    const { admin, ids, byId } = await seed();
    const tz = 'America/New_York';
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/timelines',
      headers: admin,
      payload: {
        timeline_name: 'Sunday nights',
        timeline_type: 'company',
        default_filters: { weekday: [7], tz },
        date_range_default: {},
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().default_filters).toEqual({ weekday: [7], tz });
    const id = created.json().id;
    const expected = ids
      .filter((e) => {
        const l = local(byId.get(e) as string, tz);
        return l.weekday === 7 && [1, 2, 3].includes(l.hour);
      })
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const res = await t.app.inject({
      url: `/api/v1/timelines/${id}/events?limit=200&hour=1,2,3&tz=${tz}`,
      headers: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json().items as Array<{ id: string }>).map((e) => e.id).sort()).toEqual(expected);
    // Another zone for the request's hours cannot narrow a timeline read in New York time.
    const other = await t.app.inject({
      url: `/api/v1/timelines/${id}/events?hour=1&tz=Europe/Berlin`,
      headers: admin,
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].path).toBe('query.tz');
  });

  it('refuses out-of-range weekday/hour and unknown zones with a 400 problem', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    for (const q of ['weekday=0', 'weekday=8', 'hour=24', 'hour=-1', 'hour=1.5', 'hour=1&tz=Mars/Olympus']) {
      for (const path of ['/events', '/events/histogram']) {
        const res = await t.app.inject({ url: `/api/v1${path}?${q}`, headers: admin });
        expect(res.statusCode, `${path}?${q}`).toBe(400);
        expect(res.headers['content-type'], q).toMatch(/problem\+json/);
      }
    }
    // An unknown zone in the stream's matcher matches nothing rather than throwing.
    const row = { event_timestamp: new Date().toISOString() } as never;
    expect(compileFilters({ hour: [1], tz: 'Mars/Olympus' })(row)).toBe(false);
  });
});
