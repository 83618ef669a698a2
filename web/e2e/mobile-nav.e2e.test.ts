/**
 * The phone's bottom navigation at 375×812 (#16, #18): one row of at most five tabs (four pages and
 * "More"), the other pages in a "More" sheet that is a modal dialog (focus inside, Escape closes it
 * and returns focus to "More"), reachable by keyboard, axe clean in both themes.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  adminSession,
  horizontalOverflow,
  MOBILE,
  seriousViolations,
  settled,
  shoot,
  smallTargets,
} from './browser.js';

const s = adminSession();

/** The bar's controls with their boxes (links and the More button). */
async function tabs(page: Page) {
  const bar = page.getByRole('navigation', { name: 'Main (mobile)' });
  await bar.locator('.tab').first().waitFor();
  return bar.locator(':scope > .tab').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent?.trim() ?? '', top: Math.round(r.top), height: Math.round(r.height) };
    }),
  );
}

describe('mobile navigation', () => {
  it('the admin gets four tabs and More in one row; More opens a dialog with the other pages', async () => {
    const page = await s.open(s.admin, '/timeline', { viewport: MOBILE });
    await settled(page);
    const bar = await tabs(page);
    expect(bar.map((t) => t.text)).toEqual(['Timeline', 'Executive', 'Team', 'My activity', 'More']);
    // One row: every tab at the same height, each a full-height touch target.
    expect(new Set(bar.map((t) => t.top)).size).toBe(1);
    for (const t of bar) expect(t.height).toBeGreaterThanOrEqual(44);
    expect(await smallTargets(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);

    // Keyboard: focus More, Enter opens the sheet with focus inside it.
    const more = page.getByRole('button', { name: 'More' });
    await more.focus();
    await page.keyboard.press('Enter');
    const sheet = page.getByRole('dialog', { name: 'More pages' });
    await sheet.waitFor();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    expect(await sheet.getByRole('link').allTextContents()).toEqual([
      'Reports',
      'Audit',
      'Retention',
      'Schedules',
      'Settings',
    ]);
    expect(await sheet.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await shoot(page, 'mobile-nav-more');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    // Escape closes it and gives focus back to More.
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    expect(await more.evaluate((b) => b === document.activeElement)).toBe(true);

    // Tab to a page in the sheet and follow it with Enter: the sheet closes and More reads as current.
    await page.keyboard.press('Enter');
    await sheet.waitFor();
    for (let i = 0; i < 10; i++) {
      if (await sheet.getByRole('link', { name: 'Settings' }).evaluate((a) => a === document.activeElement))
        break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/settings$/);
    await sheet.waitFor({ state: 'detached' });
    // The router renders the new location in a transition, after the sheet's close: wait for it.
    await page.getByRole('heading', { name: 'Company settings' }).waitFor();
    await expect.poll(() => more.getAttribute('class'), { timeout: 10_000 }).toContain('active');
    await page.context().close();
  });

  it('the sheet is axe clean in the dark theme too', async () => {
    const page = await s.open(s.admin, '/me', { viewport: MOBILE, colorScheme: 'dark' });
    await settled(page);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('dialog', { name: 'More pages' }).waitFor();
    await shoot(page, 'mobile-nav-more-dark');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('a rep, with five pages, gets five tabs and no More', async () => {
    const page = await s.open(s.as('rep'), '/me', { viewport: MOBILE });
    const bar = await tabs(page);
    expect(bar.map((t) => t.text)).toEqual(['Timeline', 'Executive', 'My activity', 'Reports', 'Schedules']);
    expect(new Set(bar.map((t) => t.top)).size).toBe(1);
    expect(await page.getByRole('button', { name: 'More' }).count()).toBe(0);
    await page.context().close();
  });
});
