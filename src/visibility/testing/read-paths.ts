/**
 * Every read path of activity, as a check of what one viewer reads under one setting against the
 * hand-written expected set of fixture.ts, and of how: in full, or redacted where fixture.ts's
 * RESTRICTED says the viewer may not read an event's content (with the full-text and participant
 * filters, which must not find a redacted event by what it hides). read-paths.test.ts runs each check for every viewer and
 * setting; coverage.test.ts fails on a GET route of the OpenAPI document found neither here nor in
 * its list of routes that read no activity.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { openStream } from '../../stream/testing/sse-client.js';
import {
  C,
  EVENTS,
  type FixtureEvent,
  FROM,
  RESTRICTED,
  readsContent,
  type Seeded,
  T,
  T2_FIGURES,
  TO,
  U,
  type Viewer,
} from './fixture.js';

export interface ReadCheck {
  app: FastifyInstance;
  /** http://127.0.0.1:<port>, for the stream. */
  base: string;
  seeded: Seeded;
  viewer: Viewer;
  setting: 'company' | 'team';
  headers: { authorization: string };
  /** Names of the fixture events the viewer may read (fixture.ts). */
  expected: string[];
}

export interface ReadPath {
  /** The route as the OpenAPI document names it. */
  route: string;
  check(c: ReadCheck): Promise<void>;
}

const RANGE = `from=${FROM}&to=${TO}`;
const sorted = (names: Iterable<string>) => [...names].sort();
const events = (names: string[]) => EVENTS.filter((e) => names.includes(e.name));
const isHuman = (c: ReadCheck) => c.viewer.role !== 'integration';

async function get(c: ReadCheck, url: string) {
  const res = await c.app.inject({ method: 'GET', url, headers: c.headers });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

/** GET expecting `status`; the message names the viewer and setting so a failure says whose read broke. */
async function read(c: ReadCheck, url: string, status = 200) {
  const res = await get(c, url);
  expect(res.status, `${c.viewer.label} under ${c.setting}: GET ${url} → ${JSON.stringify(res.body)}`).toBe(
    status,
  );
  return res.body as Record<string, unknown>;
}

const names = (c: ReadCheck, items: Array<{ id: string }>) =>
  sorted(items.map((i) => c.seeded.names.get(i.id) ?? i.id));
const say = (c: ReadCheck, what: string) => `${c.viewer.label} under ${c.setting}: ${what}`;

type Item = Record<string, unknown> & { id: string };

/**
 * Each listed item is in full or the placeholder as RESTRICTED says for this viewer: a redacted
 * one carries none of its own text (title, description, participants' addresses or ids).
 */
function expectRedaction(c: ReadCheck, items: Item[], what: string, title = 'event_title') {
  for (const item of items) {
    const name = c.seeded.names.get(item.id) ?? item.id;
    const reads = readsContent(c.viewer, name);
    expect(item.redacted ?? false, say(c, `${what}: ${name} redacted`)).toBe(!reads);
    if (title in item)
      expect(item[title], say(c, `${what}: ${name} title`)).toBe(
        reads ? `Event ${name}` : 'Private activity',
      );
    if (reads) continue;
    const text = JSON.stringify(item);
    for (const secret of [`Event ${name}`, `Notes on ${name}`, 'example.test', U.a2])
      expect(text.toLowerCase(), say(c, `${what}: ${name} leaks ${secret}`)).not.toContain(
        secret.toLowerCase(),
      );
  }
}

/** What a content filter finds: a restricted event only when visible and readable to the viewer. */
const findable = (c: ReadCheck, name: string) => c.expected.includes(name) && readsContent(c.viewer, name);

/** Full-text search (`q`) and the participant filter on GET /events find no redacted event. */
async function expectNoSearchLeak(c: ReadCheck) {
  for (const name of [...Object.keys(RESTRICTED), 'r2']) {
    const body = await read(c, `/api/v1/events?q=${name}`);
    const found = names(c, body.items as Item[]);
    expect(found, say(c, `q=${name}`)).toEqual(findable(c, name) ? [name] : []);
  }
  const byMail = await read(c, '/api/v1/events?participant=n1@example.test');
  expect(names(c, byMail.items as Item[]), say(c, 'participant filter')).toEqual(
    findable(c, 'x') ? ['x'] : [],
  );
}

/** Inbound events answered by a later outbound event to the same customer, both among `visible`. */
function responseCounts(visible: FixtureEvent[]) {
  let answered = 0;
  let unanswered = 0;
  for (const q of visible.filter((e) => e.direction === 'inbound')) {
    const reply = visible.some(
      (o) => o.direction === 'outbound' && o.customer === q.customer && o.minutes > q.minutes,
    );
    if (reply) answered++;
    else unanswered++;
  }
  return { answered, unanswered };
}

/** Customers with an inbound and with an outbound event among `visible`. */
function engagementCounts(visible: FixtureEvent[]) {
  const engaged = new Set(visible.filter((e) => e.direction === 'inbound').map((e) => e.customer));
  const touched = new Set(visible.filter((e) => e.direction === 'outbound').map((e) => e.customer));
  return { engaged: engaged.size, touched: touched.size };
}

/** Consecutive pairs in each customer's sequence: events per customer minus one, summed. */
function transitionCount(visible: FixtureEvent[]) {
  const per = new Map<string, number>();
  for (const e of visible) per.set(e.customer, (per.get(e.customer) ?? 0) + 1);
  return [...per.values()].reduce((s, n) => s + n - 1, 0);
}

/** Analytics: integration tokens get 403; everyone else the figures over the events they may read. */
function analytics(
  route: string,
  url: string,
  verify: (c: ReadCheck, body: Record<string, unknown>) => void,
): ReadPath {
  return {
    route,
    async check(c) {
      const body = await read(c, url, isHuman(c) ? 200 : 403);
      if (isHuman(c)) verify(c, body);
    },
  };
}

export const READ_PATHS: ReadPath[] = [
  {
    route: '/api/v1/events',
    async check(c) {
      const body = await read(c, '/api/v1/events?limit=200');
      expect(names(c, body.items as Array<{ id: string }>), say(c, 'GET /events')).toEqual(
        sorted(c.expected),
      );
      expectRedaction(c, body.items as Item[], 'GET /events');
      await expectNoSearchLeak(c);
    },
  },
  {
    route: '/api/v1/events/export',
    async check(c) {
      const res = await c.app.inject({ url: '/api/v1/events/export?columns=id', headers: c.headers });
      expect(res.statusCode, say(c, `GET /events/export → ${res.body}`)).toBe(200);
      const ids = res.body.trim().split('\r\n').slice(1);
      expect(
        names(
          c,
          ids.map((id) => ({ id })),
        ),
        say(c, 'GET /events/export'),
      ).toEqual(sorted(c.expected));
    },
  },
  {
    route: '/api/v1/events/{id}',
    async check(c) {
      for (const [name, id] of c.seeded.ids) {
        const res = await get(c, `/api/v1/events/${id}`);
        expect(res.status, say(c, `GET /events/${name}`)).toBe(c.expected.includes(name) ? 200 : 404);
        if (res.status === 200) expectRedaction(c, [res.body as Item], `GET /events/${name}`);
      }
    },
  },
  {
    route: '/api/v1/events/histogram',
    async check(c) {
      const body = await read(c, `/api/v1/events/histogram?${RANGE}&bucket=day`);
      expect(body.total, say(c, 'histogram total')).toBe(c.expected.length);
    },
  },
  {
    route: '/api/v1/timelines/{id}/events',
    async check(c) {
      const body = await read(
        c,
        `/api/v1/timelines/${c.seeded.timelineId}/events?limit=200`,
        isHuman(c) ? 200 : 403,
      );
      if (isHuman(c)) {
        expect(names(c, body.items as Array<{ id: string }>), say(c, 'saved timeline events')).toEqual(
          sorted(c.expected),
        );
        expectRedaction(c, body.items as Item[], 'saved timeline events');
      }
    },
  },
  {
    route: '/api/v1/timelines/{id}/histogram',
    async check(c) {
      const url = `/api/v1/timelines/${c.seeded.timelineId}/histogram?${RANGE}&bucket=day`;
      const body = await read(c, url, isHuman(c) ? 200 : 403);
      if (isHuman(c)) expect(body.total, say(c, 'saved timeline histogram')).toBe(c.expected.length);
    },
  },
  {
    route: '/api/v1/stream',
    async check(c) {
      // Replays the whole change log (Last-Event-ID 0): exactly the visible events, nothing more.
      const sse = await openStream(`${c.base}/api/v1/stream`, {
        headers: { ...c.headers, 'last-event-id': '0' },
      });
      try {
        expect(sse.status, say(c, 'stream status')).toBe(200);
        const created = () => sse.of<{ id: string }>('event.created');
        await sse.waitFor(() => created().length >= c.expected.length, 10_000, 'the replay');
        await new Promise((r) => setTimeout(r, 300)); // anything beyond the expected would arrive now
        expect(names(c, created()), say(c, 'stream replay')).toEqual(sorted(c.expected));
        expectRedaction(c, created() as Item[], 'stream replay');
      } finally {
        sse.close();
      }
    },
  },
  {
    route: '/api/v1/analytics/volume',
    async check(c) {
      const body = await read(c, `/api/v1/analytics/volume?${RANGE}`, isHuman(c) ? 200 : 403);
      if (!isHuman(c)) return;
      // Counts include redacted events; content filters find only what the viewer reads.
      expect(body.total, say(c, 'volume total')).toBe(c.expected.length);
      const q = await read(c, `/api/v1/analytics/volume?${RANGE}&q=r1b`);
      expect(q.total, say(c, 'volume q=r1b')).toBe(findable(c, 'r1b') ? 1 : 0);
      const byMail = await read(c, `/api/v1/analytics/volume?${RANGE}&participant=n1@example.test`);
      expect(byMail.total, say(c, 'volume participant')).toBe(findable(c, 'x') ? 1 : 0);
    },
  },
  analytics('/api/v1/analytics/productivity', `/api/v1/analytics/productivity?${RANGE}`, (c, b) => {
    expect((b.totals as { activities: number }).activities, say(c, 'productivity')).toBe(c.expected.length);
  }),
  analytics('/api/v1/analytics/effectiveness', `/api/v1/analytics/effectiveness?${RANGE}`, (c, b) => {
    const byType = b.by_type as Array<{ activities: number }>;
    expect(
      byType.reduce((s, r) => s + r.activities, 0),
      say(c, 'effectiveness'),
    ).toBe(c.expected.length);
  }),
  analytics('/api/v1/analytics/patterns', `/api/v1/analytics/patterns?${RANGE}`, (c, b) => {
    const values = (b.heatmap as { values: number[][] }).values.flat();
    expect(
      values.reduce((s, n) => s + n, 0),
      say(c, 'patterns heatmap'),
    ).toBe(c.expected.length);
  }),
  analytics('/api/v1/analytics/response-times', `/api/v1/analytics/response-times?${RANGE}`, (c, b) => {
    const { answered, unanswered } = b.overall as { answered: number; unanswered: number };
    expect({ answered, unanswered }, say(c, 'response times')).toEqual(responseCounts(events(c.expected)));
  }),
  analytics('/api/v1/analytics/engagement', `/api/v1/analytics/engagement?${RANGE}`, (c, b) => {
    const { engaged, touched } = (b.rate as { overall: { engaged: number; touched: number } }).overall;
    expect({ engaged, touched }, say(c, 'engagement')).toEqual(engagementCounts(events(c.expected)));
  }),
  analytics('/api/v1/analytics/journey', `/api/v1/analytics/journey?${RANGE}`, (c, b) => {
    const n = (b.transitions as Array<{ count: number }>).reduce((s, t) => s + t.count, 0);
    expect(n, say(c, 'journey transitions')).toBe(transitionCount(events(c.expected)));
  }),
  analytics(
    '/api/v1/analytics/journey/customers/{customerId}',
    `/api/v1/analytics/journey/customers/${C.c1}?${RANGE}`,
    (c, b) => {
      const ids = (b.touchpoints as Array<{ id: string }>).map((t) => c.seeded.names.get(t.id));
      const expected = events(c.expected).filter((e) => e.customer === C.c1);
      expect(ids, say(c, 'customer journey')).toEqual(expected.map((e) => e.name));
      expectRedaction(c, b.touchpoints as Item[], 'customer journey');
    },
  ),
  analytics('/api/v1/analytics/realtime', '/api/v1/analytics/realtime', (c, b) => {
    const overdue = b.overdue as { total: number; items: Item[] };
    expect(overdue.total, say(c, 'real-time overdue')).toBe(c.expected.length);
    expect(overdue.items.length, say(c, 'real-time overdue items')).toBe(c.expected.length);
    expectRedaction(c, overdue.items, 'real-time overdue', 'title');
  }),
  analytics('/api/v1/dashboards/executive', `/api/v1/dashboards/executive?${RANGE}`, (c, b) => {
    expect((b.volume as { total: number }).total, say(c, 'executive dashboard')).toBe(c.expected.length);
  }),
  analytics('/api/v1/dashboards/me', `/api/v1/dashboards/me?${RANGE}`, (c, b) => {
    const own = events(c.expected).filter((e) => e.owner === c.viewer.userId);
    expect((b.volume as { total: number }).total, say(c, 'my dashboard')).toBe(own.length);
  }),
  {
    route: '/api/v1/dashboards/team/{teamId}',
    async check(c) {
      // Team figures follow analytics' rule for individual figures (the same under both settings).
      const allowed = T2_FIGURES.has(c.viewer.role);
      const body = await read(c, `/api/v1/dashboards/team/${T.t2}?${RANGE}`, allowed ? 200 : 403);
      const members: string[] = [U.l2, U.r2, U.a2];
      const expected = events(c.expected).filter((e) => members.includes(e.owner));
      if (allowed)
        expect((body.volume as { total: number }).total, say(c, 'team dashboard')).toBe(expected.length);
    },
  },
  {
    route: '/api/v1/reports/{id}/run',
    async check(c) {
      // The viewer saves a report of all activity and runs it: exactly the events they may read.
      const definition = { metrics: ['activities'], dimensions: [], visualization: 'table' };
      const saved = await c.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: c.headers,
        payload: { report_name: 'All activity', definition },
      });
      expect(saved.statusCode, say(c, 'save a report')).toBe(isHuman(c) ? 201 : 403);
      if (!isHuman(c)) return;
      const body = await read(c, `/api/v1/reports/${saved.json().id}/run?${RANGE}`);
      expect((body.totals as { activities: number }).activities, say(c, 'report run')).toBe(
        c.expected.length,
      );
    },
  },
  {
    route: '/api/v1/me/customers',
    async check(c) {
      const body = await read(c, `/api/v1/me/customers?${RANGE}&limit=50`);
      const own = new Set(
        events(c.expected)
          .filter((e) => e.owner === c.viewer.userId)
          .map((e) => e.customer),
      );
      expect(body.total, say(c, 'my customers')).toBe(own.size);
    },
  },
];
