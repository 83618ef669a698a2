/**
 * Directory facts of export pages (directory-names.ts): names, segments and teams as the directory
 * holds them (written out by hand below), null for ids it does not know, over pages that meet the
 * same ids again, with a cache that starts over after every entry; and an export of the name columns
 * equal to GET /events' names across keyset pages.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { C, seedFixture, T, U } from '../visibility/testing/fixture.js';
import { type DirectoryRow, directoryFiller } from './directory-names.js';
import { download, listAll, parseCsv } from './testing.js';

/** C.c1 and C.c2 are in the directory (c2 without a segment); C.c3 is not. */
const CUSTOMERS = [
  { id: C.c1, name: 'Acme', segment: 'Enterprise' },
  { id: C.c2, name: 'Beta' },
];

describeApp(
  'export directory names',
  (t) => {
    const setup = async () => {
      const co = newCompany();
      await seedFixture(t.app, co);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/directory/customers/bulk',
        headers: await co.auth('admin'),
        payload: CUSTOMERS,
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return co;
    };

    it('fills names, segments and teams page by page, null for unknown ids, with a cache that starts over', async () => {
      const co = await setup();
      const fill = directoryFiller(
        co.scope(t.db),
        new Set(['customer_name', 'customer_segment', 'user_name', 'team_id']),
        1,
      );
      const row = (customer_id: string, user_id: string): DirectoryRow => ({
        customer_id,
        user_id,
        visibility: 'default',
      });
      const pages = [
        [row(C.c1, U.r1), row(C.c2, U.a2)],
        [row(C.c1, U.x), row(C.c3, U.r1)],
        [row(C.c2, U.n1), row(C.c1, U.r1)],
      ];
      const seen = [];
      for (const page of pages) {
        await fill(page);
        seen.push(page.map((r) => [r.customer_name, r.customer_segment, r.user_name, r.team_id]));
      }
      expect(seen).toEqual([
        [
          ['Acme', 'Enterprise', 'R1', T.t1],
          ['Beta', null, 'A2', T.t2],
        ],
        [
          ['Acme', 'Enterprise', null, null],
          [null, null, 'R1', T.t1],
        ],
        [
          ['Beta', null, 'N1', null],
          ['Acme', 'Enterprise', 'R1', T.t1],
        ],
      ]);
    });

    it('without name columns, only team events get the owner team (the content rule reads it)', async () => {
      const co = await setup();
      const fill = directoryFiller(co.scope(t.db), new Set(['id', 'event_title']));
      const rows: DirectoryRow[] = [
        { customer_id: C.c1, user_id: U.l2, visibility: 'team' },
        { customer_id: C.c1, user_id: U.r1, visibility: 'default' },
        { customer_id: C.c1, user_id: randomUUID(), visibility: 'team' },
      ];
      await fill(rows);
      expect(rows.map((r) => [r.team_id, r.customer_name])).toEqual([
        [T.t2, undefined],
        [undefined, undefined],
        [null, undefined],
      ]);
    });

    it('an export of the name columns equals GET /events across pages', async () => {
      const co = await setup();
      const headers = await co.auth('admin');
      const json = await listAll(t.app, headers, '');
      const csv = parseCsv(
        (await download(t.app, headers, '/api/v1/events/export?columns=id,customer,segment,owner,team_id'))
          .bytes,
      );
      expect(csv.slice(1)).toEqual(
        json.map((e) => [
          e.id,
          e.customer_name ?? '',
          e.customer_segment ?? '',
          e.user_name ?? '',
          e.team_id ?? '',
        ]),
      );
      // The directory's names did come through (not only empty cells).
      expect(csv.slice(1).filter((r) => r[1] === 'Acme' && r[2] === 'Enterprise').length).toBeGreaterThan(1);
    });
  },
  { EXPORT_PAGE_ROWS: '3' },
);
