/** Steps the report builder's browser tests share: open a new report, drill down from its table. */
import type { Page } from 'playwright-core';
import { type Persona, type Session, settled } from './browser.js';

/** The report builder as `persona`, on a new report, settled. */
export async function openNewReport(s: Session, persona: Persona): Promise<Page> {
  const page = await s.open(persona, '/reports');
  await page.getByRole('heading', { name: 'New report' }).waitFor({ timeout: 60_000 });
  await settled(page);
  return page;
}

/** Clicks the first row's activities count in the data table; the timeline URL it drills down to. */
export async function drillFromFirstRow(page: Page): Promise<URL> {
  await page.locator('.report-table tbody tr').first().locator('td[data-column="activities"] button').click();
  await page.waitForURL(/\/timeline\?/);
  return new URL(page.url());
}
