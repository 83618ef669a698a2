/**
 * A saved timeline's first page is asked for before it is opened (#16): "My timelines" on /me links
 * each timeline; pointing at a link (desktop) or focusing it (keyboard, phone) requests the
 * timeline and its first page, and the click then shows the rows without asking for that page again.
 * Axe clean in light and dark.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminSession, DESKTOP, MOBILE, seriousViolations, shoot } from './browser.js';

const s = adminSession();

/** The paths of the API requests the page makes from now on. */
function requests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/v1/')) seen.push(`${url.pathname}${url.search}`);
  });
  return seen;
}

describe('prefetching a saved timeline', () => {
  for (const [size, viewport, scheme, how] of [
    ['desktop', DESKTOP, 'light', 'hover'],
    ['mobile', MOBILE, 'dark', 'focus'],
  ] as const)
    it(`${how} on its link in My timelines asks for its first page; the click needs no new request (${size})`, async () => {
      const rep = s.as('rep');
      const saved = await s.apiAs(rep)<{ id: string; timeline_name: string }>('/timelines', {
        method: 'POST',
        body: JSON.stringify({
          timeline_name: `Prefetch ${size} ${Date.now()}`,
          timeline_type: 'personal',
          default_filters: { type: ['call'] },
        }),
      });
      const page = await s.open(rep, '/me', { viewport, colorScheme: scheme });
      const link = page.getByTestId('my-timelines').getByRole('link', { name: saved.timeline_name });
      await link.waitFor();
      const seen = requests(page);
      const firstPage = (p: string) =>
        p.startsWith(`/api/v1/timelines/${saved.id}/events?`) && !p.includes('cursor=');
      expect(seen.filter(firstPage)).toEqual([]);

      if (how === 'hover') await link.hover();
      else await link.focus();
      await expect.poll(() => seen.filter(firstPage).length).toBe(1);
      expect(seen).toContain(`/api/v1/timelines/${saved.id}`);
      expect(await seriousViolations(page)).toEqual([]);
      await shoot(page, `timeline-prefetch-${size}-${scheme}`);

      // Let the prefetch finish, then open: the rows are the timeline's (calls), from the cache.
      await page.waitForLoadState('networkidle');
      if (how === 'hover') await link.click();
      else await page.keyboard.press('Enter');
      await page.waitForURL(/timeline=/);
      await page.locator('.event-row').first().waitFor();
      expect(await page.locator('.page-head h1').textContent()).toBe(saved.timeline_name);
      expect(seen.filter(firstPage)).toHaveLength(1);
      await page.context().close();
    }, 180_000);
});
