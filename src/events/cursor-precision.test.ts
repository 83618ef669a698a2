/**
 * The timeline's keyset cursor holds the stored instant to the microsecond. Events written by SQL
 * (an import, a backfill) may differ only in microseconds: a cursor at millisecond precision fell
 * before every row of its millisecond, so the next page skipped them. And a cursor issued before
 * (milliseconds, `t`) still decodes.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeApp, newCompany, TEST_SECRET } from '../test/app.js';
import { type CursorPosition, decodeCursor, encodeCursor } from './cursor.js';

/** Microseconds within one millisecond (…00.123xxx), not in id order, so neither order hides the other. */
const MICROS = ['300', '100', '500', '000', '400'];

describeApp('keyset cursor precision', (t) => {
  it('pages events of one millisecond, microseconds apart, each exactly once and in order', async () => {
    const co = newCompany();
    await sql`insert into companies (id, name) values (${co.id}, 'Micro')`.execute(t.db.kysely);
    const ids = MICROS.map(() => randomUUID());
    for (const [i, id] of ids.entries())
      await sql`insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
          event_title, event_timestamp, seq)
        values (${co.id}, ${id}, ${randomUUID()}, ${randomUUID()}, 'note', 'import', ${`Micro ${i}`},
          ${`2026-11-02T10:00:00.123${MICROS[i]}Z`}::timestamptz, ${i + 1})`.execute(t.db.kysely);
    const headers = await co.auth('admin');
    const pageAll = async (order: 'asc' | 'desc') => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await t.app.inject({ url: `/api/v1/events?limit=2&order=${order}${after}`, headers });
        expect(res.statusCode, res.body).toBe(200);
        seen.push(...res.json().items.map((e: { id: string }) => e.id));
        cursor = res.json().next_cursor;
      } while (cursor && seen.length <= ids.length);
      return seen;
    };
    const byInstant = ids
      .map((id, i) => ({ id, us: MICROS[i] as string }))
      .sort((a, b) => a.us.localeCompare(b.us) || a.id.localeCompare(b.id))
      .map((e) => e.id);
    expect(await pageAll('asc')).toEqual(byInstant);
    expect(await pageAll('desc')).toEqual([...byInstant].reverse());
  });

  it('decodes a cursor issued before microseconds (epoch milliseconds) as that instant', () => {
    const query = { order: 'desc' };
    const id = randomUUID();
    const old = encodeCursor(TEST_SECRET, 'co', query, {
      t: Date.UTC(2026, 10, 2, 10),
      id,
    } as unknown as CursorPosition);
    expect(decodeCursor(TEST_SECRET, 'co', query, old)).toEqual({ at: '2026-11-02T10:00:00.000Z', id });
    const exact = encodeCursor(TEST_SECRET, 'co', query, { at: '2026-11-02T10:00:00.123456Z', id });
    expect(decodeCursor(TEST_SECRET, 'co', query, exact)).toEqual({ at: '2026-11-02T10:00:00.123456Z', id });
  });
});
