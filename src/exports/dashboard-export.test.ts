/**
 * Dashboard files: the PDF's text (pdftotext) holds the KPI tiles with the API's numbers and the
 * charts' own text (titles, legends, axis and pie labels: the SVG came through as text, not as an
 * image); the workbook (read-excel-file) has a KPI sheet and one sheet per table with the API's figures.
 */
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { FROM, seedFixture, T, TO, U } from '../visibility/testing/fixture.js';
import { download, pdfText, readXlsx } from './testing.js';

const RANGE = `from=${FROM}&to=${TO}&tz=UTC`;

describeApp('dashboard exports', (t) => {
  it('executive PDF: KPI tiles equal the JSON, charts rendered as vector text', async () => {
    const co = newCompany();
    await seedFixture(t.app, co);
    const headers = await co.auth('executive');
    const json = (await t.app.inject({ url: `/api/v1/dashboards/executive?${RANGE}`, headers })).json();
    expect(json.volume.total).toBe(10);
    const file = await download(t.app, headers, `/api/v1/dashboards/executive?${RANGE}&format=pdf`);
    expect(file.type).toBe('application/pdf');
    expect(file.disposition).toMatch(/filename="executive-dashboard-\d{8}T\d{4}\.pdf"/);
    const text = pdfText(file.bytes);
    expect(text).toContain('Executive dashboard');
    // The period and its comparison in words: whole UTC days, the exclusive end as the last day.
    expect(text).toContain('Period: Mar 1 – Mar 14, 2025 (UTC)');
    expect(text).toContain('Compared with: Feb 15 – Feb 28, 2025 (UTC)');
    // No ISO instant anywhere: the trend table's bucket starts read as days too.
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(text).toMatch(/^\s*Mar 1, 2025\s+\d+/m);
    expect(text).toMatch(/Activities\s/);
    expect(text).toContain(`${json.volume.total} events`);
    expect(text).toContain(`${json.productivity.totals.customers_touched} customers`);
    for (const title of ['Activity trend', 'Engagement by segment', 'Channel mix', 'Team comparison'])
      expect(text).toContain(title);
    // Chart text from the SVG: the trend's legend, the pie's labels (6 calls, 4 emails of 10), the bar legend.
    expect(text).toContain('This period');
    // Each pie label is the name over its share (two lines, so a narrow chart never overprints them).
    expect(text).toMatch(/^\s*Call\s*\n\s*60%/m);
    expect(text).toMatch(/^\s*Email\s*\n\s*40%/m);
    expect(text).toContain('Touched');
  });

  it('executive XLSX: a KPI sheet and one sheet per table with the API numbers', async () => {
    const co = newCompany();
    await seedFixture(t.app, co);
    const headers = await co.auth('executive');
    const json = (await t.app.inject({ url: `/api/v1/dashboards/executive?${RANGE}`, headers })).json();
    const sheets = await readXlsx(
      (await download(t.app, headers, `/api/v1/dashboards/executive?${RANGE}&format=xlsx`)).bytes,
    );
    expect(sheets.map((s) => s.sheet)).toEqual([
      'KPIs',
      'Activity trend',
      'Events by type',
      'Events by source',
      'Teams',
      'Top movers',
    ]);
    const kpis = new Map(sheets[0]!.data.slice(1).map((r) => [r[0], r[1]]));
    expect(kpis.get('Activities')).toBe(json.volume.total);
    expect(kpis.get('Customers touched')).toBe(json.productivity.totals.customers_touched);
    expect(kpis.get('Tasks completed')).toBe(json.productivity.totals.tasks_completed);
    const byType = sheets[2]!.data.slice(1);
    expect(byType).toEqual(
      json.volume.by.map((r: { key: string; value: number }) => [
        r.key === 'call' ? 'Call' : 'Email',
        r.value,
      ]),
    );
    // Sources by the catalogue's labels: phone_system reads "Phone system".
    const sources = sheets[3]?.data.slice(1).map((r) => r[0]);
    expect(sources).toEqual(
      json.channels.by.map((r: { key: string }) => (r.key === 'phone_system' ? 'Phone system' : 'Email')),
    );
    expect(sources).toContain('Phone system');
    const trend = sheets[1]!.data.slice(1);
    expect(trend.map((r) => r[1])).toEqual(json.volume.buckets.map((b: { total: number }) => b.total));
    expect(trend[0]![0]).toBeInstanceOf(Date);
  });

  it('team and me PDFs carry their charts: titles, legends and units as vector text', async () => {
    const co = newCompany();
    await seedFixture(t.app, co);
    const lead = await co.auth('team_lead', { userId: U.l2, teamId: T.t2 });
    const pdf = async (path: string) =>
      pdfText((await download(t.app, lead, `${path}?${RANGE}&format=pdf`)).bytes);
    const team = await pdf(`/api/v1/dashboards/team/${T.t2}`);
    const me = await pdf('/api/v1/dashboards/me');
    // An axis name stands on its own line; the KPI tiles say "3 events" beside other tiles.
    const axisUnit = (unit: string) => new RegExp(`^\\s*${unit}\\s*$`, 'm');
    for (const title of ['Activity trend', 'Engagement by segment', 'Channels', 'Events by source'])
      expect(team).toContain(title);
    expect(team).toContain('Previous period (same weekday)');
    expect(team).toMatch(/Engaged\s+Touched/);
    expect(team).toMatch(axisUnit('customers'));
    expect(team).toMatch(axisUnit('events'));
    expect(team).not.toContain('Team comparison');
    // The trend names its unit too: its value axis's name, top left, on its own line below the legend.
    const trendOf = (text: string) => text.slice(text.indexOf('Activity trend,'), text.indexOf('Page 1'));
    expect(trendOf(team)).toMatch(/This period.*\n\s*events\s*$/m);
    expect(trendOf(me)).toMatch(/This period.*\n\s*events\s*$/m);
    for (const title of ['Activity trend', 'Channel mix', 'Events by activity type', 'Channels'])
      expect(me).toContain(title);
    // The lead's one event of the fixture is a call: the pie's label, and the source bar's unit.
    expect(me).toMatch(/^\s*Call\s*\n\s*100%/m);
    expect(me).toMatch(axisUnit('events'));
    expect(me).not.toContain('Engagement by segment');
  });

  it('team XLSX: top movers by user and events by member name the users, never their ids', async () => {
    const co = newCompany();
    await seedFixture(t.app, co);
    const lead = await co.auth('team_lead', { userId: U.l2, teamId: T.t2 });
    const url = `/api/v1/dashboards/team/${T.t2}?${RANGE}`;
    const json = (await t.app.inject({ url, headers: lead })).json();
    // T2's three members each have one event in the period and none in the previous one.
    expect(json.top_movers.map((m: { dimension: string }) => m.dimension)).toEqual(['user', 'user', 'user']);
    const sheets = await readXlsx((await download(t.app, lead, `${url}&format=xlsx`)).bytes);
    const column = (title: string) =>
      sheets
        .find((s) => s.sheet === title)
        ?.data.slice(1)
        .map((r) => r[0])
        .sort();
    expect(column('Top movers')).toEqual(['User: A2', 'User: L2', 'User: R2']);
    expect(column('Events by member')).toEqual(['A2', 'L2', 'R2']);
  });

  it('team and me dashboards export too; format is validated; json stays the default', async () => {
    const co = newCompany();
    await seedFixture(t.app, co);
    const lead = await co.auth('team_lead', { userId: U.l2, teamId: T.t2 });
    const team = pdfText(
      (await download(t.app, lead, `/api/v1/dashboards/team/${T.t2}?${RANGE}&format=pdf`)).bytes,
    );
    expect(team).toContain('Team dashboard: T2');
    const me = await readXlsx(
      (await download(t.app, lead, `/api/v1/dashboards/me?${RANGE}&format=xlsx`)).bytes,
    );
    expect(me[0]!.sheet).toBe('KPIs');
    const bad = await t.app.inject({ url: `/api/v1/dashboards/me?${RANGE}&format=docx`, headers: lead });
    expect(bad.statusCode).toBe(400);
    const json = await t.app.inject({ url: `/api/v1/dashboards/me?${RANGE}`, headers: lead });
    expect(json.headers['content-type']).toMatch(/application\/json/);
    // A rep may not have another team's dashboard as a file either.
    const rep = await co.auth('rep', { userId: U.r1, teamId: T.t1 });
    const refused = await t.app.inject({
      url: `/api/v1/dashboards/team/${T.t2}?${RANGE}&format=pdf`,
      headers: rep,
    });
    expect(refused.statusCode).toBe(403);
  });
});
