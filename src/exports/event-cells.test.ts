/**
 * The lean export read (event-cells.ts) shows exactly what GET /events presents: for every viewer
 * of the visibility fixture, an export of all 21 columns equals GET /events' items read through
 * the same columns, row for row — redacted placeholders included (private, team and participants
 * events, with content in every field redaction withholds). EXPORT_PAGE_ROWS=4 makes it span pages.
 */
import { expect, it } from 'vitest';
import type { Event, EventInput } from '../events/schema.js';
import { describeApp, newCompany } from '../test/app.js';
import { C, seedFixture, setVisibility, T, U, VIEWERS } from '../visibility/testing/fixture.js';
import { neutraliseFormula } from './csv.js';
import { EVENT_COLUMNS } from './event-columns.js';
import { download, ingest, listAll, parseCsv } from './testing.js';
import { isoInZone } from './zone-format.js';

const SECRET = 'Marker-7f3a';
const ZONE = 'America/New_York';

/** Events with content in every withheld field, one per content rule. */
const contentful = (visibility: 'default' | 'team' | 'participants' | 'private', i: number): EventInput => ({
  customer_id: i % 2 ? C.c1 : C.c2,
  user_id: i % 3 ? U.r1 : U.r2,
  contact_id: `c0ffee00-0000-4000-8000-00000000000${i}`,
  event_type: 'meeting',
  event_source: 'calendar',
  event_title: `${SECRET} title ${visibility}`,
  event_description: `${SECRET} description`,
  event_timestamp: new Date(Date.UTC(2025, 2, 9, 6, 30 + i * 7, 15, 250)).toISOString(),
  duration_minutes: 25 + i,
  engagement_score: 12.5 + i,
  sentiment: 'negative',
  external_id: `${SECRET}-${i}`,
  event_data: { outcome: 'meeting_booked' },
  participants: [{ id: U.a1 }, { email: 'n1@example.test' }],
  visibility,
});

/** What a cell of `event` must read in the CSV, from the presented event (GET /events). */
function expectedCell(event: Event, c: (typeof EVENT_COLUMNS)[number]): string {
  const v = c.value(event);
  if (v === null || v === undefined) return '';
  if (c.type === 'datetime') return isoInZone(v as string, ZONE);
  return c.type === 'text' ? neutraliseFormula(String(v)) : String(v);
}

describeApp(
  'events export: the lean read equals the presented timeline',
  (t) => {
    it('every column, every viewer, under both settings: rows and redactions as GET /events', async () => {
      const co = newCompany();
      await seedFixture(t.app, co);
      const visibilities = ['default', 'team', 'participants', 'private', 'team', 'private'] as const;
      await ingest(
        t.app,
        co,
        visibilities.map((v, i) => contentful(v, i)),
      );
      const all = EVENT_COLUMNS.map((c) => c.key).join(',');
      let redacted = 0;
      for (const setting of ['company', 'team'] as const) {
        await setVisibility(t.app, co, setting);
        for (const v of VIEWERS) {
          const headers = await co.auth(v.role, { userId: v.userId, teamId: v.tokenTeam ?? undefined });
          const json = await listAll(t.app, headers, 'order=asc');
          const csv = parseCsv(
            (await download(t.app, headers, `/api/v1/events/export?columns=${all}&order=asc&tz=${ZONE}`))
              .bytes,
          );
          expect(csv[0]?.length).toBe(EVENT_COLUMNS.length);
          expect(csv.slice(1), `${setting}: ${v.label}`).toEqual(
            json.map((e) => EVENT_COLUMNS.map((c) => expectedCell(e, c))),
          );
          const hidden = json.filter((e) => e.redacted);
          redacted += hidden.length;
          // What redaction withholds is nowhere in the file: only readable events carry the marker.
          const readable = json.filter((e) => !e.redacted && e.event_title.includes(SECRET)).length;
          const marked = csv.slice(1).filter((r) => r.join(',').includes(SECRET)).length;
          expect(marked, `${setting}: ${v.label}`).toBe(readable);
        }
      }
      // The comparison covered placeholders, not only readable rows.
      expect(redacted).toBeGreaterThan(10);
    });

    it("a team event's title follows the owner's team even when team_id is not exported", async () => {
      const co = newCompany();
      await seedFixture(t.app, co);
      const [id] = await ingest(t.app, co, [contentful('team', 1)]); // owned by R1, of team T1
      const titleFor = async (role: 'agent' | 'rep', userId: string, teamId: string) => {
        const headers = await co.auth(role, { userId, teamId });
        const csv = parseCsv(
          (await download(t.app, headers, '/api/v1/events/export?columns=id,title')).bytes,
        );
        return csv.find((r) => r[0] === id)?.[1];
      };
      expect(await titleFor('agent', U.a1, T.t1)).toBe(`${SECRET} title team`);
      expect(await titleFor('rep', U.r2, T.t2)).toBe('Private activity');
    });
  },
  { EXPORT_PAGE_ROWS: '4' },
);
