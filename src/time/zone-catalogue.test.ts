import { DuckDBInstance } from '@duckdb/node-api';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { knownZones, zoneOf } from './zone-catalogue.js';

describeApp('time zones both engines know', (t) => {
  const company = newCompany();

  it.each([
    '/events/histogram',
    '/analytics/volume',
    '/analytics/patterns',
    '/analytics/realtime',
    '/dashboards/executive',
  ])('%s refuses a zone only Intl knows with a 400 naming query.tz', async (path) => {
    const headers = await company.auth('admin');
    for (const tz of ['US/Pacific-New', 'Canada/East-Saskatchewan', 'Mars/Olympus_Mons']) {
      const res = await t.app.inject({ url: `/api/v1${path}?tz=${encodeURIComponent(tz)}`, headers });
      expect(res.statusCode, `${path} ${tz}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors).toEqual([{ path: 'query.tz', message: expect.stringContaining('IANA') }]);
    }
  });

  it('refuses such a zone as the company zone', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/company/settings',
      headers: await company.auth('admin'),
      payload: { timezone: 'US/Pacific-New' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.timezone');
  });

  it('reads aliases both know in their canonical spelling, in SQL and in the answer', async () => {
    const headers = await company.auth('admin');
    for (const [tz, canonical] of [
      ['europe/berlin', 'Europe/Berlin'],
      ['US/Pacific', 'America/Los_Angeles'],
      ['EST5EDT', 'America/New_York'],
    ]) {
      const res = await t.app.inject({ url: `/api/v1/events/histogram?tz=${tz}&weekday=1`, headers });
      expect(res.statusCode, tz).toBe(200);
      expect(res.json().tz).toBe(canonical);
      const volume = await t.app.inject({ url: `/api/v1/analytics/volume?tz=${tz}`, headers });
      expect(volume.statusCode, tz).toBe(200);
      expect(volume.json().period.tz).toBe(canonical);
    }
  });

  it('still reads a company zone stored before zones were checked (through its canonical name)', async () => {
    const legacy = newCompany();
    const headers = await legacy.auth('admin');
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/company/settings',
      headers,
      payload: { timezone: 'UTC' },
    });
    await sql`update companies set timezone = 'US/Pacific-New' where id = ${legacy.id}`.execute(t.db.kysely);
    const res = await t.app.inject({ url: '/api/v1/analytics/volume', headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().period.tz).toBe('America/Los_Angeles');
    const histogram = await t.app.inject({ url: '/api/v1/events/histogram?hour=9', headers });
    expect(histogram.statusCode).toBe(200);
  });

  it('accepts only zones the analytics replica (DuckDB ICU) knows too', async () => {
    const zones = knownZones();
    expect(zones.length).toBeGreaterThan(300);
    expect(zoneOf('US/Pacific-New')).toBeUndefined();
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const names = new Set(
      (await duck.runAndReadAll('select name from pg_timezone_names()')).getRows().map((r) => String(r[0])),
    );
    expect(zones.filter((z) => !names.has(z))).toEqual([]);
  });
});
