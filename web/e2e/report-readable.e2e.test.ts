/**
 * A report reads as what it is (#17): a saved report opens on its own period (a relative one stays
 * relative, and saving keeps it), the preview's subtitle says the period in words, and charts and
 * tables name activity types by the catalogue's labels while drill-downs keep the raw key.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_META, EVENT_TYPES } from '../../src/events/catalogue.js';
import { adminSession, seriousViolations, settled, shoot } from './browser.js';
import { drillFromFirstRow, openNewReport } from './report-page.js';

const s = adminSession();

interface SavedReport {
  id: string;
  report_name: string;
  definition: { period?: Record<string, string> };
}

/** The preview card's subtitle (the period line, then the metrics). */
const subtitle = (page: Page) => page.locator('.report-preview .card-head p').textContent();
const ISO = /\d{4}-\d\d-\d\dT\d\d:/;
const LABELS = EVENT_TYPES.map((t) => EVENT_TYPE_META[t].label);

async function demoReport(name: string): Promise<string> {
  const { items } = await s.api<{ items: Array<{ id: string; report_name: string }> }>('/reports');
  const found = items.find((r) => r.report_name === name);
  if (!found) throw new Error(`no demo report "${name}"`);
  return found.id;
}

describe('a saved report reads as what it is', () => {
  it('opens on its stored relative period, says it in words, and names types by their labels', async () => {
    // The demo's "Channel mix": a pie of activities by type over the last 90 days (src/demo/reports.ts).
    const page = await s.open(s.admin, `/reports?id=${await demoReport('Channel mix')}`);
    await page.getByRole('heading', { level: 1, name: 'Channel mix' }).waitFor({ timeout: 60_000 });
    await settled(page);
    await expect.poll(() => page.getByLabel('Period').inputValue()).toBe('last_90_days');
    await expect
      .poll(() => subtitle(page))
      .toMatch(/^Last 90 days: [A-Z][a-z]{2} \d+.* – .*\(\S+\) · Activities \(events\)$/);
    expect(await subtitle(page)).not.toMatch(ISO);

    // The pie's labels are the catalogue's ("Web visit"), never the keys ("web_visit").
    await page.waitForFunction(() => document.querySelector('.report-preview .echart svg text'), null, {
      timeout: 60_000,
    });
    const pieTexts = await page
      .locator('.report-preview .echart svg text')
      .evaluateAll((ts) => ts.map((t) => t.textContent ?? ''));
    // A label may be the name over its share ("Call" then "60%"), one text per line or both in one.
    const named = pieTexts.filter((t) => LABELS.some((l) => t.startsWith(l)));
    expect(named.length, pieTexts.join(' | ')).toBeGreaterThan(1);
    // Keys are lower case ("email", "web_visit"); every label starts with a capital.
    for (const key of EVENT_TYPES)
      expect(
        pieTexts.filter((t) => t.startsWith(key)),
        key,
      ).toEqual([]);

    // The data table too; its drill-down keeps the raw key.
    await page.locator('.report-data summary').click();
    const cells = await page.locator('.report-table td[data-column="type"]').allTextContents();
    expect(cells.length).toBeGreaterThan(1);
    for (const c of cells) expect(LABELS).toContain(c);
    const type = (await drillFromFirstRow(page)).searchParams.get('type');
    expect(EVENT_TYPES as readonly string[]).toContain(type);
    expect(EVENT_TYPE_META[type as (typeof EVENT_TYPES)[number]].label).toBe(cells[0]);
  });

  it('saves the period chosen, relative or absolute, and reopens on it', async () => {
    const exec = s.as('executive');
    const api = s.apiAs(exec);
    const page = await openNewReport(s, exec);
    await page.getByLabel('Add to Metrics').selectOption('activities');
    const asked = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/v1/reports/preview') && (r.request().postData() ?? '').includes('this_month'),
    );
    await page.getByLabel('Period').selectOption('this_month');
    const preview = await asked;
    expect(preview.status()).toBe(200);
    expect(preview.request().postDataJSON().definition.period).toEqual({ relative: 'this_month' });
    await expect.poll(() => subtitle(page)).toMatch(/^This month: [A-Z][a-z]{2} 1 – /);

    await page.getByLabel('Name').fill('E2E this month');
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.waitForURL(/reports\?id=/);
    const id = new URL(page.url()).searchParams.get('id') as string;
    expect((await api<SavedReport>(`/reports/${id}`)).definition.period).toEqual({ relative: 'this_month' });

    // Reopened: still "This month", not the builder's default.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'E2E this month' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByLabel('Period').inputValue()).toBe('this_month');
    await expect.poll(() => subtitle(page)).toMatch(/^This month: /);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'report-relative-period');

    // Another relative period, saved as the change; then dates, saved as dates.
    await page.getByLabel('Period').selectOption('last_7_days');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(async () => (await api<SavedReport>(`/reports/${id}`)).definition.period)
      .toEqual({ relative: 'last_7_days' });
    await page.getByLabel('Period').selectOption('custom');
    await page.getByLabel('First day').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(async () => Object.keys((await api<SavedReport>(`/reports/${id}`)).definition.period ?? {}))
      .toEqual(['from', 'to']);
    await page.reload();
    await page.getByLabel('First day').waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Period').inputValue()).toBe('custom');
    // Whole days: no times in the line.
    await expect.poll(() => subtitle(page)).toMatch(/^[A-Z][a-z]{2} \d+ – [A-Z][a-z]{2} \d+, \d{4} \(/);
  });

  it('says when nothing was counted, and when rows were left out by the limit', async () => {
    const page = await openNewReport(s, s.as('executive'));
    await page.getByLabel('Add to Metrics').selectOption('activities');
    await page.getByLabel('Add to Rows').selectOption('type');
    await page.locator('.report-table tbody tr').first().waitFor({ timeout: 60_000 });

    // A row limit below the number of types: the page says more matched.
    await page.getByLabel('Row limit').fill('1');
    await expect.poll(() => page.locator('.report-table tbody tr').count()).toBe(1);
    await page.getByText('Showing the first 1 row: more matched (the totals cover them all).').waitFor();

    // Days before the demo's data: an empty state naming the period, not a table of nothing.
    await page.getByLabel('Period').selectOption('custom');
    await page.getByLabel('First day').fill('2020-01-01');
    await page.getByLabel('Last day').fill('2020-01-07');
    const card = page.locator('.report-preview');
    await card.getByText('Nothing to show').waitFor({ timeout: 60_000 });
    await expect.poll(() => card.textContent()).toContain('Jan 1 – Jan 7, 2020');
    expect(await card.locator('.report-table').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
  it('heads a rate as people read it: "Completion rate" over percentages, never "(fraction)"', async () => {
    const page = await openNewReport(s, s.as('executive'));
    await page.getByLabel('Period').selectOption('last_90_days');
    await page.getByLabel('Add to Metrics').selectOption('completion_rate');
    await page.getByLabel('Add to Rows').selectOption('type');
    // The preview of the rate alone may show first: wait for the one broken down by type.
    await expect
      .poll(() => page.locator('.report-table th').allTextContents(), { timeout: 60_000 })
      .toEqual(['Type', 'Completion rate']);
    await page.locator('.report-table tbody tr').first().waitFor();
    const rates = await page.locator('.report-table td[data-column="completion_rate"]').allTextContents();
    expect(rates.length).toBeGreaterThan(0);
    for (const r of rates) expect(r).toMatch(/^(\d{1,3}\.\d%|—)$/);
  });
});
