/**
 * Saved timelines in a real browser (issue 5): save the current filters as a timeline, reload,
 * recolour and regroup it, share it with another demo persona through the directory search, and
 * open it as that persona, read-only. Dialogs are checked with axe-core.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminSession, seriousViolations, shoot } from './browser.js';

const s = adminSession();

/** The type column of the rows, once the timeline's configuration has loaded (rows may render first). */
async function typeCells(page: Page) {
  await page.locator('.event-row .tl-cell').first().waitFor();
  return page.locator('.event-row .tl-cell:nth-child(2)').allTextContents();
}

describe('saved timelines', () => {
  it('save, reload, recolour, share, and open as the colleague', async () => {
    const owner = s.as('rep');
    const colleague = s.as('agent');
    const page = await s.openTimeline(owner, '/timeline?type=call&range=all');

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
    await page.locator('.form-dialog').waitFor({ state: 'detached' });
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
    await page.locator('.form-dialog').waitFor({ state: 'detached' });

    const other = await s.openTimeline(colleague, `/timeline?timeline=${id}`);
    await other.getByText('Shared with you · read-only').waitFor();
    expect(await other.getByRole('button', { name: 'Edit…' }).count()).toBe(0);
    expect(new Set(await typeCells(other))).toEqual(new Set(['Call']));
    await shoot(other, 'saved-timeline-shared');
  });
});
