/**
 * The timeline's keyset cursor holds the stored instant to the microsecond. Events written by SQL
 * (an import, a backfill) may differ only in microseconds: a cursor at millisecond precision fell
 * before every row of its millisecond, so the next page skipped them. And a cursor issued before
 * (milliseconds, `t`) still decodes.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany, TEST_SECRET } from '../test/app.js';
import { type CursorPosition, decodeCursor, encodeCursor } from './cursor.js';
import { insertMicroEvents } from './testing/micro-events.js';

describeApp('keyset cursor precision', (t) => {
  it('pages events of one millisecond, microseconds apart, each exactly once and in order', async () => {
    const co = newCompany();
    const byInstant = await insertMicroEvents(t.db.kysely, co.id);
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
      } while (cursor && seen.length <= byInstant.length);
      return seen;
    };
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
