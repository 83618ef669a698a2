/**
 * The report builder in a real browser: build a report by dragging palette items into the wells
 * (pointer) and through the wells' "Add…" menus (keyboard), see the preview's numbers equal what
 * the API answers for the same definition, save, reopen it from the list, and drill down from a
 * cell to the timeline filtered to that slice. The page is checked with axe-core.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  launch,
  type Persona,
  personas,
  seriousViolations,
  settled,
  shoot,
  signedInContext,
  tokenFor,
} from './browser.js';

const base = inject('baseUrl');
let browser: Browser;
let exec: Persona;

beforeAll(async () => {
  browser = await launch();
  exec = (await personas(base)).find((p) => p.role === 'executive') as Persona;
});
afterAll(async () => {
  await browser?.close();
});

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
    const page = await (await signedInContext(browser, base, exec)).newPage();
    await page.goto(`${base}/reports`);
    await page.getByRole('heading', { name: 'New report' }).waitFor({ timeout: 60_000 });
    await settled(page);

    await page.getByLabel('Period').selectOption('90d');
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
    const token = await tokenFor(base, exec);
    const res = await fetch(`${base}/api/v1/reports/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const api = (await res.json()) as { rows: Array<{ type: string; activities: number; inbound: number }> };
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

    // Drill down: the first row's count opens the timeline filtered to that type and the period.
    const first = api.rows[0] as { type: string };
    await page
      .locator('.report-table tbody tr')
      .first()
      .locator('td[data-column="activities"] button')
      .click();
    await page.waitForURL(/\/timeline\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('type')).toBe(first.type);
    expect(url.searchParams.get('from')).toBeTruthy();
    expect(url.searchParams.get('to')).toBeTruthy();
  });
});
