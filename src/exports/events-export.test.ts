/**
 * GET /events/export opened by independent readers (csv-parse strict, read-excel-file, pdftotext)
 * and compared with GET /events' JSON for the same filters. EXPORT_PAGE_ROWS=7: every export here
 * spans several keyset pages, so a page seam that lost, repeated or reordered a row would show.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import type { EventInput } from '../events/schema.js';
import { valueLabel } from '../events/value-labels.js';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { download, ingest, listAll, parseCsv, pdfText, readXlsx } from './testing.js';

/** Instants around the CET/CEST switch of 2025-03-30 01:00 UTC, and in winter and summer. */
const WHEN = [
  '2025-01-15T10:00:00.000Z',
  '2025-07-15T10:00:00.000Z',
  '2025-03-30T00:59:57.000Z',
  '2025-03-30T01:00:00.000Z',
];
/** Paris by the EU rule, by hand: +02:00 from 2025-03-30T01:00Z to 2025-10-26T01:00Z, else +01:00. */
function paris(iso: string) {
  const ms = Date.parse(iso);
  const summer = ms >= Date.parse('2025-03-30T01:00:00Z') && ms < Date.parse('2025-10-26T01:00:00Z');
  const offset = (summer ? 2 : 1) * 3_600_000;
  return {
    iso: `${new Date(ms + offset).toISOString().slice(0, 23)}${summer ? '+02:00' : '+01:00'}`,
    wall: ms + offset,
  };
}
const TRICKY = [
  '=HYPERLINK("http://x")',
  '+1 555 0100',
  '-2+3',
  '@SUM(A1)',
  '\tTabbed',
  'a,b "quoted"\nsecond line',
  'Ünïcødé ✓ 日本',
];
/** The rule, stated independently of the code: a formula start gets a leading quote. */
const neutralised = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

function dataset(): EventInput[] {
  const items: EventInput[] = [];
  for (let i = 0; i < 24; i++) {
    const ts = new Date(
      Date.parse(WHEN[i % WHEN.length]!) + Math.floor(i / WHEN.length) * 1000,
    ).toISOString();
    items.push(
      eventInput({
        event_type: i % 5 === 4 ? 'note' : i % 2 ? 'email' : 'call',
        event_source: i % 2 ? 'email' : 'phone_system',
        event_title: TRICKY[i % TRICKY.length] ?? `Title ${i}`,
        event_timestamp: ts,
        duration_minutes: i % 3 === 0 ? null : i * 5,
        engagement_score: i % 4 === 0 ? null : i + 0.25,
      }),
    );
  }
  return items;
}

const COLS = 'id,occurred_at,type,title,duration,engagement_score';
const HEADER = ['Event id', 'Occurred at', 'Type', 'Title', 'Duration (min)', 'Engagement score'];

describeApp(
  'events export',
  (t) => {
    const setup = async () => {
      const co = newCompany();
      const items = dataset();
      await ingest(t.app, co, items);
      const headers = await co.auth('rep');
      const json = await listAll(t.app, headers, 'type=call,email');
      return { co, headers, json };
    };

    it('CSV equals the JSON list: same rows in the same order, ISO dates in tz, RFC 4180, formulas neutralised', async () => {
      const { headers, json } = await setup();
      expect(json.length).toBeGreaterThan(14); // more than two pages of 7
      const file = await download(
        t.app,
        headers,
        `/api/v1/events/export?format=csv&columns=${COLS}&tz=Europe/Paris&type=call,email`,
      );
      expect(file.type).toBe('text/csv; charset=utf-8');
      expect(file.disposition).toMatch(/^attachment; filename="events-\d{8}T\d{4}\.csv"$/);
      expect([...file.bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
      const [head, ...rows] = parseCsv(file.bytes);
      expect(head).toEqual(HEADER);
      expect(rows).toEqual(
        json.map((e) => [
          e.id,
          paris(e.event_timestamp).iso,
          e.event_type,
          neutralised(e.event_title),
          e.duration_minutes === null ? '' : String(e.duration_minutes),
          e.engagement_score === null ? '' : String(e.engagement_score),
        ]),
      );
      // Every tricky title came out, neutralised where it starts like a formula.
      expect(new Set(rows.map((r) => r[3]))).toEqual(new Set(TRICKY.map(neutralised)));
      const asc = parseCsv(
        (await download(t.app, headers, `/api/v1/events/export?columns=id&type=call,email&order=asc`)).bytes,
      );
      expect(asc.slice(1).map((r) => r[0])).toEqual(json.map((e) => e.id).reverse());
    });

    it('bom=true starts the CSV with a UTF-8 byte-order mark and nothing else changes', async () => {
      const { headers } = await setup();
      const plain = await download(t.app, headers, `/api/v1/events/export?columns=id,title&type=call`);
      const bom = await download(t.app, headers, `/api/v1/events/export?columns=id,title&type=call&bom=true`);
      expect([...bom.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bom.bytes.subarray(3).toString()).toBe(plain.bytes.toString());
    });

    it('gzip: the CSV compressed at the fastest level (gzip header XFL = 4) inflates to the plain file', async () => {
      const { headers } = await setup();
      const url = `/api/v1/events/export?columns=${COLS}&type=call,email`;
      const plain = await download(t.app, headers, url);
      const res = await t.app.inject({ url, headers: { ...headers, 'accept-encoding': 'gzip' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.rawPayload[8]).toBe(4); // RFC 1952 XFL: 4 = fastest algorithm (2 = maximum compression)
      expect(gunzipSync(res.rawPayload).toString()).toBe(plain.bytes.toString());
    });

    it('XLSX read back with read-excel-file: typed cells equal the JSON', async () => {
      const { headers, json } = await setup();
      const file = await download(
        t.app,
        headers,
        `/api/v1/events/export?format=xlsx&columns=${COLS}&tz=Europe/Paris&type=call,email`,
      );
      expect(file.disposition).toMatch(/\.xlsx"$/);
      const sheets = await readXlsx(file.bytes);
      expect(sheets).toHaveLength(1);
      const [head, ...rows] = sheets[0]!.data;
      expect(head).toEqual(HEADER);
      expect(rows.map((r) => r[0])).toEqual(json.map((e) => e.id));
      rows.forEach((r, i) => {
        const e = json[i]!;
        expect(r[1]).toBeInstanceOf(Date); // a date cell, not text
        // Wall-clock time in Paris; Excel stores days as a float, so compare to the second.
        expect(Math.round((r[1] as unknown as Date).getTime() / 1000)).toBe(
          paris(e.event_timestamp).wall / 1000,
        );
        expect(r[3]).toBe(neutralised(e.event_title));
        expect(r[4]).toBe(e.duration_minutes); // a number (or empty)
        expect(r[5]).toBe(e.engagement_score);
      });
      expect(rows.some((r) => typeof r[4] === 'number' && typeof r[5] === 'number')).toBe(true);
    });

    it('PDF text (pdftotext) holds the title block, every row, the repeated header and page numbers', async () => {
      const { co, headers, json } = await setup();
      const file = await download(
        t.app,
        headers,
        `/api/v1/events/export?format=pdf&columns=id,occurred_at,type&tz=Europe/Paris&type=call,email`,
      );
      expect(file.type).toBe('application/pdf');
      const text = pdfText(file.bytes);
      expect(text).toContain('Timeline export');
      expect(text).toContain('Filters: Type: Call, Email');
      expect(text).toContain('Period: all time');
      expect(text).toContain('Time zone: Europe/Paris');
      const ids = [...text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].map(
        (m) => m[0],
      );
      expect(ids).toEqual(json.map((e) => e.id));
      // The type column reads as the catalogue's labels, not its keys.
      const types = new Set(json.map((e) => e.event_type));
      for (const type of types) expect(text).toContain(valueLabel('type', type));
      expect(text).not.toMatch(/\b(call|email)\b/);
      // Fifty more rows make the table run over pages: the header repeats on each, each is numbered.
      await ingest(
        t.app,
        co,
        Array.from({ length: 50 }, () => eventInput({ event_type: 'task', event_source: 'task_manager' })),
      );
      const all = await listAll(t.app, headers, '');
      const long = pdfText(
        (await download(t.app, headers, '/api/v1/events/export?format=pdf&columns=id,title')).bytes,
      );
      const pages = long.match(/Page \d+/g) ?? [];
      expect(pages.length).toBeGreaterThan(1);
      expect(pages).toEqual(pages.map((_, i) => `Page ${i + 1}`));
      expect(long.match(/Event id/g)?.length).toBe(pages.length);
      const longIds = [...long.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].map(
        (m) => m[0],
      );
      expect(longIds).toEqual(all.map((e) => e.id));
    });

    it('the PDF names filters in words: catalogue labels, directory names, weekdays and hours', async () => {
      const co = newCompany();
      const admin = await co.auth('admin');
      const [team, user, customer, stranger] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const post = async (url: string, payload: object) =>
        expect((await t.app.inject({ method: 'POST', url, headers: admin, payload })).statusCode).toBe(200);
      await post('/api/v1/directory/teams/bulk', [{ id: team, name: 'Support' }]);
      await post('/api/v1/directory/users/bulk', [{ id: user, name: 'Ann Lee', role: 'rep', team_id: team }]);
      await post('/api/v1/directory/customers/bulk', [{ id: customer, name: 'Acme GmbH' }]);
      const query = [
        'format=pdf&columns=id&tz=Europe/Paris',
        'type=web_visit,call&source=phone_system&direction=inbound',
        `user_id=${user.toUpperCase()}&team_id=${team}&customer_id=${customer},${stranger}`,
        'weekday=1,7&hour=14',
      ].join('&');
      const text = pdfText((await download(t.app, admin, `/api/v1/events/export?${query}`)).bytes);
      // The line may wrap on the page: read it up to the next line of the block, spaces collapsed.
      const line = text.slice(text.indexOf('Filters:'), text.indexOf('Time zone:')).replace(/\s+/g, ' ');
      expect(line.trim()).toBe(
        'Filters: Type: Web visit, Call; Source: Phone system; Direction: Inbound; ' +
          `Customer: Acme GmbH, ${stranger}; User: Ann Lee; Team: Support; Weekday: Monday, Sunday; Hour: 14:00–15:00`,
      );
    });

    it('an unknown column is a 400 naming it; a saved_filter without timeline is a 400', async () => {
      const co = newCompany();
      const headers = await co.auth('rep');
      const res = await t.app.inject({ url: '/api/v1/events/export?columns=id,colour,title,size', headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([
        { path: 'query.columns', message: expect.stringContaining('colour, size') },
      ]);
      const saved = await t.app.inject({
        url: `/api/v1/events/export?saved_filter=${randomUUID()}`,
        headers,
      });
      expect(saved.statusCode).toBe(400);
      const fmt = await t.app.inject({ url: '/api/v1/events/export?format=docx', headers });
      expect(fmt.statusCode).toBe(400);
    });
  },
  { EXPORT_PAGE_ROWS: '7' },
);
