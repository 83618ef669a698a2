/**
 * Saved timelines in a real browser (issue 5): save the current filters as a timeline, reload,
 * recolour and regroup it, share it with another demo persona through the directory search, and
 * open it as that persona, read-only. Dialogs are checked with axe-core.
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
} from './browser.js';

const base = inject('baseUrl');
let browser: Browser;
let owner: Persona;
let colleague: Persona;

beforeAll(async () => {
  browser = await launch();
  const all = await personas(base);
  owner = all.find((p) => p.role === 'rep') as Persona;
  colleague = all.find((p) => p.role === 'agent') as Persona;
});
afterAll(async () => {
  await browser?.close();
});

async function pageAs(persona: Persona, path: string): Promise<Page> {
  const page = await (await signedInContext(browser, base, persona)).newPage();
  await page.goto(`${base}${path}`);
  await page.locator('.event-row').first().waitFor({ timeout: 60_000 });
  await settled(page);
  return page;
}

/** The type column of the rows, once the timeline's configuration has loaded (rows may render first). */
async function typeCells(page: Page) {
  await page.locator('.event-row .tl-cell').first().waitFor();
  return page.locator('.event-row .tl-cell:nth-child(2)').allTextContents();
}

describe('saved timelines', () => {
  it('save, reload, recolour, share, and open as the colleague', async () => {
    const page = await pageAs(owner, '/timeline?type=call&range=all');

    await page.getByRole('button', { name: 'Save…' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Name').fill('E2E calls');
    await page.getByLabel('Kind of timeline').selectOption('company');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/timeline=/);
    const id = new URL(page.url()).searchParams.get('timeline');
    expect(id).toBeTruthy();

    // After a reload the timeline is still open and shows its own columns: calls only.
    await page.reload();
    await page.locator('.event-row').first().waitFor();
    expect(await page.getByLabel('Saved timeline', { exact: true }).inputValue()).toBe(id);
    const types = await typeCells(page);
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['Call']));

    await page.getByRole('button', { name: 'Edit…' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('.tl-colors label', { hasText: 'Call' }).locator('input').fill('#ff0000');
    await page.getByLabel('Grouping').selectOption('week');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.tl-dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(
      () =>
        getComputedStyle(document.querySelector('.event-row') as Element).borderLeftColor ===
        'rgb(255, 0, 0)',
    );
    expect(await page.locator('.day-head').first().textContent()).toMatch(/^Week of /);
    await shoot(page, 'saved-timeline-owner');

    await page.getByRole('button', { name: 'Share…' }).click();
    await page
      .getByPlaceholder('Search by name or email…')
      .fill(colleague.name.split(' ')[0] ?? colleague.name);
    await page.getByRole('button', { name: `Add ${colleague.name}` }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save sharing' }).click();
    await page.locator('.tl-dialog').waitFor({ state: 'detached' });

    const other = await pageAs(colleague, `/timeline?timeline=${id}`);
    await other.getByText('Shared with you · read-only').waitFor();
    expect(await other.getByRole('button', { name: 'Edit…' }).count()).toBe(0);
    expect(new Set(await typeCells(other))).toEqual(new Set(['Call']));
    await shoot(other, 'saved-timeline-shared');
  });
});
