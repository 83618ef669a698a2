/**
 * Local wall-clock time in replica SQL equals Intl's for instants around DST changes and in zones
 * with half- and three-quarter-hour offsets, both by the period's offset spans and per row (ICU).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localWeekdayHour } from '../../events/time-of-day.js';
import { offsetAt } from '../../time/offsets.js';
import { isoWeekday, localHour, localMicros, offsetSpans } from './local-time.js';
import { SqlParams } from './sql-params.js';

let instance: DuckDBInstance;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});
afterAll(() => instance.closeSync());

const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'UTC',
];
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2025, 0, 1);

it('finds each zone change of a year to the second', () => {
  const spans = offsetSpans('Europe/Paris', FROM, TO);
  expect(spans.map((s) => [new Date(s.from).toISOString(), s.offsetMs / 60_000])).toEqual([
    [new Date(FROM).toISOString(), 60],
    ['2024-03-31T01:00:00.000Z', 120],
    ['2024-10-27T01:00:00.000Z', 60],
  ]);
  expect(offsetSpans('Asia/Kolkata', FROM, TO)).toHaveLength(1);
});

for (const long of [false, true]) {
  it(`weekday and hour match Intl in every zone (${long ? 'per row, ICU' : 'offset spans'})`, async () => {
    const c = await instance.connect();
    // Every 37 minutes over the year, and every minute around the Paris and New York changes.
    const instants: number[] = [];
    for (let t = FROM; t < TO; t += 37 * 60_000) instants.push(t);
    for (const edge of [
      Date.UTC(2024, 2, 31, 1),
      Date.UTC(2024, 9, 27, 1),
      Date.UTC(2024, 2, 10, 7),
      Date.UTC(2024, 10, 3, 6),
    ])
      for (let t = edge - 90 * 60_000; t < edge + 90 * 60_000; t += 60_000) instants.push(t);
    for (const zone of ZONES) {
      const p = new SqlParams();
      const to = long ? FROM + 20 * 366 * 86_400_000 : TO;
      const local = localMicros('ts_us', zone, FROM, to, p);
      const r = await c.runAndReadAll(
        `select ${isoWeekday(local)} as wd, ${localHour(local)} as h, ${local} - ts_us as off
         from (select unnest(${p.ints(instants.map((t) => t * 1000))}) as ts_us)`,
        p.values,
        p.types,
      );
      const rows = r.getRowObjectsJS() as Array<{ wd: bigint; h: bigint; off: bigint }>;
      rows.forEach((row, i) => {
        const at = instants[i] as number;
        const want = localWeekdayHour(new Date(at), zone);
        expect({ zone, at, wd: Number(row.wd), h: Number(row.h) }).toEqual({
          zone,
          at,
          wd: want.weekday,
          h: want.hour,
        });
        expect(Number(row.off) / 1000).toBe(offsetAt(zone, at));
      });
    }
    c.closeSync();
  });
}
