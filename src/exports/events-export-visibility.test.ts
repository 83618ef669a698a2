/**
 * Exports read what their reader may read: under activity_visibility=team a rep's export holds only
 * their team's events, and a saved timeline's export equals GET /timelines/:id/events.
 */
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { seedFixture, setVisibility, T, TEAM_VISIBLE, U } from '../visibility/testing/fixture.js';
import { download, parseCsv } from './testing.js';

describeApp(
  'events export: visibility and saved timelines',
  (t) => {
    it("under team a rep's export holds only what the rep may see, directly and through a shared timeline", async () => {
      const co = newCompany();
      const seeded = await seedFixture(t.app, co);
      await setVisibility(t.app, co, 'team');
      const rep = await co.auth('rep', { userId: U.r1, teamId: T.t1 });
      const expected = [...(TEAM_VISIBLE['rep R1 (token team T1)'] ?? [])].sort();
      const csv = parseCsv((await download(t.app, rep, '/api/v1/events/export?columns=id')).bytes);
      expect(
        csv
          .slice(1)
          .map((r) => seeded.names.get(r[0] ?? ''))
          .sort(),
      ).toEqual(expected);
      // Asking for another team is refused as on GET /events.
      const asked = await t.app.inject({ url: `/api/v1/events/export?team_id=${T.t2}`, headers: rep });
      expect(asked.statusCode).toBe(403);
      // The same rep through a saved timeline shared company-wide: narrowed silently.
      const viaTimeline = parseCsv(
        (await download(t.app, rep, `/api/v1/events/export?columns=id&timeline=${seeded.timelineId}`)).bytes,
      );
      expect(
        viaTimeline
          .slice(1)
          .map((r) => seeded.names.get(r[0] ?? ''))
          .sort(),
      ).toEqual(expected);
    });

    it("a saved timeline's export equals its events list; an unreadable timeline is a 404", async () => {
      const co = newCompany();
      const seeded = await seedFixture(t.app, co);
      const lead = await co.auth('team_lead', { userId: U.l1, teamId: T.t1 });
      const list = await t.app.inject({
        url: `/api/v1/timelines/${seeded.teamTimelineId}/events?limit=200`,
        headers: lead,
      });
      const items = list.json().items as Array<{ id: string; event_title: string }>;
      expect(items.length).toBeGreaterThan(1);
      const url = `/api/v1/events/export?columns=id,title&timeline=${seeded.teamTimelineId}`;
      const csv = parseCsv((await download(t.app, lead, url)).bytes);
      expect(csv.slice(1)).toEqual(items.map((e) => [e.id, e.event_title]));
      const missing = await t.app.inject({ url: `/api/v1/events/export?timeline=${U.x}`, headers: lead });
      expect(missing.statusCode).toBe(404);
    });
  },
  { EXPORT_PAGE_ROWS: '3' },
);
