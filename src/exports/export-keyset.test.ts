/**
 * An events export pages on the stored instant to the microsecond (event-cells.ts positionAfter):
 * events written by SQL (an import, a backfill) may differ only in microseconds, and a page that
 * ended on one of them must not skip or repeat the others. EXPORT_PAGE_ROWS=2 puts page
 * boundaries inside their millisecond.
 */
import { expect, it } from 'vitest';
import { insertMicroEvents } from '../events/testing/micro-events.js';
import { describeApp, newCompany } from '../test/app.js';
import { download, parseCsv } from './testing.js';

describeApp(
  'events export keyset precision',
  (t) => {
    it('exports events of one millisecond, microseconds apart, each exactly once and in order', async () => {
      const co = newCompany();
      const byInstant = await insertMicroEvents(t.db.kysely, co.id);
      const headers = await co.auth('admin');
      const exported = async (order: 'asc' | 'desc') => {
        const { bytes } = await download(t.app, headers, `/api/v1/events/export?columns=id&order=${order}`);
        return parseCsv(bytes, true)
          .slice(1)
          .map((r) => r[0]);
      };
      expect(await exported('asc')).toEqual(byInstant);
      expect(await exported('desc')).toEqual([...byInstant].reverse());
    });
  },
  { EXPORT_PAGE_ROWS: '2' },
);
