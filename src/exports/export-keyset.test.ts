/**
 * An events export pages on the stored instant to the microsecond (event-cells.ts positionAfter):
 * events written by SQL (an import, a backfill) may differ only in microseconds, and a page that
 * ended on one of them must not skip or repeat the others. EXPORT_PAGE_ROWS=2 puts page
 * boundaries inside their millisecond.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { download, parseCsv } from './testing.js';

/** Microseconds within one millisecond (…00.123xxx), not in id order. */
const MICROS = ['300', '100', '500', '000', '400'];

describeApp(
  'events export keyset precision',
  (t) => {
    it('exports events of one millisecond, microseconds apart, each exactly once and in order', async () => {
      const co = newCompany();
      await sql`insert into companies (id, name) values (${co.id}, 'Micro')`.execute(t.db.kysely);
      const ids = MICROS.map(() => randomUUID());
      for (const [i, id] of ids.entries())
        await sql`insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
            event_title, event_timestamp, seq)
          values (${co.id}, ${id}, ${randomUUID()}, ${randomUUID()}, 'note', 'import', ${`Micro ${i}`},
            ${`2026-11-02T10:00:00.123${MICROS[i]}Z`}::timestamptz, ${i + 1})`.execute(t.db.kysely);
      const headers = await co.auth('admin');
      const exported = async (order: 'asc' | 'desc') => {
        const { bytes } = await download(t.app, headers, `/api/v1/events/export?columns=id&order=${order}`);
        return parseCsv(bytes, true)
          .slice(1)
          .map((r) => r[0]);
      };
      const byInstant = ids
        .map((id, i) => ({ id, us: MICROS[i] as string }))
        .sort((a, b) => a.us.localeCompare(b.us) || a.id.localeCompare(b.id))
        .map((e) => e.id);
      expect(await exported('asc')).toEqual(byInstant);
      expect(await exported('desc')).toEqual([...byInstant].reverse());
    });
  },
  { EXPORT_PAGE_ROWS: '2' },
);
