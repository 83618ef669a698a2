/**
 * PDF text beyond Latin-1: names in Cyrillic, Greek and with Nordic/Central-European accents print as
 * themselves (DejaVu Sans is embedded) in an events export, and in a report's title, chart and table.
 * Read back with pdftotext: with the old built-in Helvetica (WinAnsi) these came out as other glyphs.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { upsertUsers } from '../directory/queries.js';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { download, ingest, pdfText } from './testing.js';

const NAMES = ['Дмитрий Шостакович', 'Ωμέγα Αλφα', 'Łukasz Ærøskøbing', 'Jiří Dvořák'];
const PERIOD = 'from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z&tz=UTC';

describeApp('PDF text beyond Latin-1', (t) => {
  it('an events export prints Cyrillic, Greek and accented titles', async () => {
    const co = newCompany();
    await ingest(
      t.app,
      co,
      NAMES.map((n) => eventInput({ event_title: `Call with ${n}` })),
    );
    const file = await download(
      t.app,
      await co.auth('admin'),
      '/api/v1/events/export?format=pdf&columns=title',
    );
    const text = pdfText(file.bytes);
    for (const n of NAMES) expect(text).toContain(`Call with ${n}`);
  });

  it("a report's title, chart labels and table print the users' names", async () => {
    const co = newCompany();
    const users = NAMES.map((name) => ({ id: randomUUID(), name, role: 'rep' as const, team_id: null }));
    await upsertUsers(co.scope(t.db), users);
    await ingest(
      t.app,
      co,
      users.flatMap((u, i) =>
        Array.from({ length: i + 1 }, (_, k) =>
          eventInput({ user_id: u.id, event_timestamp: `2025-01-1${i}T0${k}:00:00.000Z` }),
        ),
      ),
    );
    const headers = await co.auth('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers,
      payload: {
        report_name: 'Ωμέγα — звонки по сотрудникам',
        definition: { metrics: ['activities'], dimensions: ['user'], visualization: 'bar' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const file = await download(
      t.app,
      headers,
      `/api/v1/reports/${created.json().id}/run?${PERIOD}&format=pdf`,
    );
    const text = pdfText(file.bytes);
    expect(text).toContain('Ωμέγα — звонки по сотрудникам');
    // Every name is in the table; the chart's axis (vector text through svg-to-pdfkit) shows every
    // other label at this width, so at least two names appear twice (chart and table).
    const count = (n: string) => text.split(n).length - 1;
    for (const n of NAMES) expect(count(n), n).toBeGreaterThanOrEqual(1);
    expect(NAMES.filter((n) => count(n) >= 2).length).toBeGreaterThanOrEqual(2);
  });
});
