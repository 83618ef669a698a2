/**
 * The report builder in a real browser: build a report by dragging palette items into the wells
 * (pointer) and through the wells' "Add…" menus (keyboard), see the preview's numbers equal what
 * the API answers for the same definition, save, reopen it from the list, and drill down from a
 * cell to the timeline filtered to that slice. The page is checked with axe-core.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminSession, type Persona, seriousViolations, settled, shoot } from './browser.js';
import { drillFromFirstRow, openNewReport } from './report-page.js';

const s = adminSession();
const { base } = s;

/** Drags a palette item onto a well with real pointer moves (dnd-kit starts a drag after 4 px). */
async function drag(page: Page, item: string, well: string) {
  const from = await page.locator(`.palette [data-item="${item}"]`).boundingBox();
  const to = await page.locator(`[data-well="${well}"]`).boundingBox();
  if (!from || !to) throw new Error(`no box for ${item} or ${well}`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await page.locator(`[data-well="${well}"] .well-items [data-item="${item}"]`).waitFor();
}

/** The table's rows as { type: cells } from the preview's data table. */
async function tableRows(page: Page) {
  return page
    .locator('.report-table tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')),
    );
}

describe('report builder', () => {
  it('build by dragging and by keyboard, match the API, save, reopen, drill down', async () => {
    const exec = s.as('executive');
    const page = await openNewReport(s, exec);

    await page.getByLabel('Period').selectOption('last_90_days');
    await drag(page, 'activities', 'metrics');
    await drag(page, 'type', 'rows');
    // The keyboard way: the Metrics well's "Add…" menu, reached and chosen without a pointer. Its
    // preview is the last one asked (earlier ones may still be answering): wait for that one.
    const answered = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/v1/reports/preview') && (r.request().postData() ?? '').includes('"inbound"'),
    );
    await page.getByLabel('Add to Metrics').focus();
    await page.getByLabel('Add to Metrics').selectOption('inbound');
    await page.locator('[data-well="metrics"] .well-items [data-item="inbound"]').waitFor();
    const response = await answered;
    expect(response.status()).toBe(200);
    const body = response.request().postDataJSON() as { definition: object };
    expect(body.definition).toMatchObject({ metrics: ['activities', 'inbound'], dimensions: ['type'] });
    await page.locator('.report-table th', { hasText: 'Inbound' }).waitFor();
    await page.locator('.report-table tbody tr').first().waitFor();
    await settled(page);

    // The same definition and period straight from the API (Node, not the page): the same figures.
    const token = await s.token(exec);
    const res = await fetch(`${base}/api/v1/reports/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const api = (await res.json()) as {
      rows: Array<{ type: string; activities: number; inbound: number }>;
      keys: Array<{ type: string }>;
    };
    expect(api.rows.length).toBeGreaterThan(0);
    const shown = await tableRows(page);
    expect(shown).toEqual(
      api.rows.map((r) => [r.type, r.activities.toLocaleString('en-US'), r.inbound.toLocaleString('en-US')]),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'report-builder');

    await page.getByLabel('Name').fill('E2E activities by type');
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.waitForURL(/reports\?id=/);
    const id = new URL(page.url()).searchParams.get('id');

    // Reopen from the list after starting a new report.
    await page.getByRole('link', { name: 'New report' }).click();
    await page.getByRole('heading', { name: 'New report' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Saved reports' })
      .getByRole('link', { name: 'E2E activities by type' })
      .click();
    await page.waitForURL(new RegExp(`id=${id}`));
    await page.locator('[data-well="rows"] .well-items [data-item="type"]').waitFor();
    await page.locator('[data-well="metrics"] .well-items [data-item="inbound"]').waitFor();
    await page.locator('.report-table tbody tr').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Drill down: the first row's count opens the timeline filtered to that type (its raw key, where
    // the row shows the type's label) and the period.
    const first = api.keys[0] as { type: string };
    const url = await drillFromFirstRow(page);
    expect(url.searchParams.get('type')).toBe(first.type);
    expect(url.searchParams.get('from')).toBeTruthy();
    expect(url.searchParams.get('to')).toBeTruthy();
  });

  it('a line chart\'s "Show as table" row drills down as a click on the chart does', async () => {
    const page = await openNewReport(s, s.as('executive'));
    await page.getByLabel('Period').selectOption('last_90_days');
    await page.getByLabel('Add to Metrics').selectOption('activities');
    await page.getByLabel('Add to Rows').selectOption('type');
    await page.locator('.report-table tbody tr').first().waitFor();
    const answered = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/v1/reports/preview') &&
        (r.request().postData() ?? '').includes('"visualization":"line"'),
    );
    await page.getByLabel('Visualization').selectOption('line');
    const run = (await (await answered).json()) as { keys: Array<{ type: string }> };
    await page.getByRole('button', { name: 'Show as table' }).click();
    // The chart table's first row is the run's first row: it opens that type's activities.
    await page.getByTestId('chart-table').locator('tbody tr').first().getByRole('button').click();
    await page.waitForURL(/\/timeline\?/);
    expect(new URL(page.url()).searchParams.get('type')).toBe(run.keys[0]?.type);
  });

  it('a heatmap\'s "Show as table" heads its columns with the report\'s dimensions', async () => {
    const page = await openNewReport(s, s.as('executive'));
    await page.getByLabel('Period').selectOption('last_90_days');
    await page.getByLabel('Add to Metrics').selectOption('activities');
    await page.getByLabel('Add to Rows').selectOption('type');
    await page.getByLabel('Add to Columns').selectOption('direction');
    await page.locator('.report-table th', { hasText: 'Direction' }).waitFor();
    const answered = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/v1/reports/preview') &&
        (r.request().postData() ?? '').includes('"visualization":"heatmap"'),
    );
    await page.getByLabel('Visualization').selectOption('heatmap');
    expect((await answered).status()).toBe(200);
    await page.getByRole('button', { name: 'Show as table' }).click();
    const table = page.getByTestId('chart-table');
    await table.locator('tbody tr').first().waitFor();
    // Rows by type, columns by direction, as the wells and the report's data table name them.
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Type',
      'Direction',
      'Activities (events)',
    ]);
  });
});

interface Run {
  rows: Array<{ type: string; activities: number }>;
  keys: Array<Record<string, string | null>>;
}
type Definition = Record<string, unknown> & { filters?: Record<string, unknown> };
interface SavedReport {
  id: string;
  report_name: string;
  definition: Definition;
  shared_with_users: Array<{ user_id: string }>;
}

/** Picks a name in a directory type-ahead (typed, then chosen from the server's suggestions). */
async function pickFromDirectory(page: Page, label: string, name: string) {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.fill(name);
  await page
    .getByRole('listbox', { name: `${label} suggestions` })
    .getByRole('option', { name })
    .first()
    .click();
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Waits, after a change, until the previews it asked for have answered: a user reads the preview
 * before the next change, and a run of changes each cancelling the last is not what is checked here.
 */
function previewsSettle(page: Page) {
  let inflight = 0;
  const isPreview = (r: { url(): string }) => r.url().endsWith('/api/v1/reports/preview');
  page.on('request', (r) => {
    if (isPreview(r)) inflight++;
  });
  const done = (r: { url(): string }) => {
    if (isPreview(r)) inflight--;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return async () => {
    await page.waitForTimeout(200); // the change's request leaves on React's next render
    await expect.poll(() => inflight, { timeout: 60_000 }).toBe(0);
  };
}

describe('report builder: filters, sort and limit, dates, sharing, duplicating', () => {
  it('each is driven through the page and lands in the API as chosen', async () => {
    const rep = s.personas.find((p) => p.role === 'rep' && p.team_id && p.team_name) as Persona;
    expect(rep).toBeDefined();
    const exec = s.as('executive');
    const api = s.apiAs(exec);
    const post = <T>(path: string, body: object) =>
      api<T>(path, { method: 'POST', body: JSON.stringify(body) });
    // Absolute dates: the last 90 whole days (UTC days; the demo company's zone is checked below
    // through the request itself, not assumed).
    const first = day(Date.now() - 89 * 86_400_000);
    const last = day(Date.now());
    // The rep's busiest segment over those days, so the filtered report has rows to compare.
    const bySegment = await post<Run>('/reports/preview', {
      definition: {
        metrics: ['activities'],
        dimensions: ['segment'],
        filters: { user_id: [rep.user_id] },
        sort: { by: 'activities', order: 'desc' },
        visualization: 'table',
      },
      from: new Date(Date.now() - 91 * 86_400_000).toISOString(),
    });
    const segment = bySegment.keys.map((k) => k.segment).find((s) => s && s !== 'unknown') as string;
    expect(segment).toBeTruthy();

    const page = await s.signedInPage(exec);
    const settle = previewsSettle(page);
    await page.goto(`${base}/reports`);
    await page.getByRole('heading', { name: 'New report' }).waitFor({ timeout: 60_000 });
    await settled(page);
    await page.getByLabel('Add to Metrics').selectOption('activities');
    await settle();
    await page.getByLabel('Add to Rows').selectOption('type');
    await settle();

    // Filters: a user and a team through the directory type-ahead, a segment from the list.
    await page.getByLabel('Add to Filters').selectOption('user');
    await pickFromDirectory(page, 'User', rep.name);
    await page.getByRole('button', { name: `Remove ${rep.name} from the User filter` }).waitFor();
    await settle();
    await page.getByLabel('Add to Filters').selectOption('team');
    await pickFromDirectory(page, 'Team', rep.team_name as string);
    await page.getByRole('button', { name: `Remove ${rep.team_name} from the Team filter` }).waitFor();
    await settle();
    await page.getByLabel('Add to Filters').selectOption('segment');
    await page
      .locator('[data-filter="segment"]')
      .getByLabel(segment.replace(/_/g, ' '), { exact: true })
      .check();
    await settle();

    // Absolute dates beside the presets.
    await page.getByLabel('Period').selectOption('custom');
    await settle();
    await page.getByLabel('First day').fill(first);
    await settle();
    await page.getByLabel('Last day').fill(last);
    await settle();

    // Sort and limit; the preview asked last carries all of the above.
    const answered = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/v1/reports/preview') && (r.request().postData() ?? '').includes('"limit":2'),
    );
    await page.getByLabel('Sort by').selectOption('activities');
    await settle();
    await page.getByLabel('Order').selectOption('asc');
    await settle();
    await page.getByLabel('Row limit').fill('2');
    const response = await answered;
    expect(response.status()).toBe(200);
    const body = response.request().postDataJSON() as {
      definition: Definition & { period: { from: string; to: string } };
    };
    const { from, to } = body.definition.period;
    expect(body.definition).toMatchObject({
      metrics: ['activities'],
      dimensions: ['type'],
      filters: { user_id: [rep.user_id], team_id: [rep.team_id], segment: [segment] },
      sort: { by: 'activities', order: 'asc' },
      limit: 2,
    });
    // Whole days: from the first day's start to the start of the day after the last, ~90 days.
    const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    expect(span).toBeGreaterThan(89.9);
    expect(span).toBeLessThan(90.1);
    expect(Math.abs(Date.parse(from) - Date.parse(`${first}T00:00:00Z`))).toBeLessThan(15 * 3_600_000);

    // The table equals the API's answer for the same request: at most 2 rows, ascending.
    const apiRun = await post<Run>('/reports/preview', body);
    expect(apiRun.rows.length).toBeGreaterThan(0);
    expect(apiRun.rows.length).toBeLessThanOrEqual(2);
    const counts = apiRun.rows.map((r) => r.activities);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    await page.locator('.report-table tbody tr').first().waitFor();
    await expect
      .poll(() => tableRows(page))
      .toEqual(apiRun.rows.map((r) => [r.type, r.activities.toLocaleString('en-US')]));
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'report-builder-filters');

    // Save: the stored definition holds the filters, sort, limit and the absolute dates.
    await page.getByLabel('Name').fill('E2E filtered');
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.waitForURL(/reports\?id=/);
    const id = new URL(page.url()).searchParams.get('id') as string;
    const stored = await api<SavedReport>(`/reports/${id}`);
    expect(stored.definition).toMatchObject({ ...body.definition, period: { from, to } });

    // Reopened, the dates come back as dates.
    await page.reload();
    await page.locator('[data-well="rows"] .well-items [data-item="type"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByLabel('First day').inputValue()).toBe(first);
    expect(await page.getByLabel('Last day').inputValue()).toBe(last);

    // Share with the rep, then remove the share.
    await page.getByLabel('Share with').selectOption({ label: rep.name });
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await expect
      .poll(async () => (await api<SavedReport>(`/reports/${id}`)).shared_with_users)
      .toEqual([expect.objectContaining({ user_id: rep.user_id, permission: 'view' })]);
    await page.getByRole('button', { name: `Stop sharing with ${rep.name}` }).click();
    await expect.poll(async () => (await api<SavedReport>(`/reports/${id}`)).shared_with_users).toEqual([]);
    await page.getByRole('button', { name: `Stop sharing with ${rep.name}` }).waitFor({ state: 'detached' });
    const repToken = await s.token(rep);
    const asRep = await fetch(`${base}/api/v1/reports/${id}`, {
      headers: { authorization: `Bearer ${repToken}` },
    });
    expect(asRep.status).toBe(404);

    // Duplicate: a new report of mine with the same definition, opened in the builder.
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await page.waitForURL((u) => u.searchParams.get('id') !== id && u.searchParams.has('id'));
    const copyId = new URL(page.url()).searchParams.get('id') as string;
    await page.getByRole('heading', { level: 1, name: 'Copy of E2E filtered' }).waitFor();
    const copy = await api<SavedReport>(`/reports/${copyId}`);
    expect(copy).toMatchObject({
      report_name: 'Copy of E2E filtered',
      definition: stored.definition,
      shared_with_users: [],
    });
    await page
      .getByRole('navigation', { name: 'Saved reports' })
      .getByRole('link', { name: 'Copy of E2E filtered' })
      .waitFor();
  });
});
