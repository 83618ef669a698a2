/**
 * The desktop header between the phone layout (≤ 700 px) and a wide screen (#16): the admin has the
 * most pages (nine), and at 1,280 px their labelled links pushed the page 128 px sideways. At every
 * width each page's link stays inside the window, has its name (visible, or for screen readers and
 * as a tooltip), and the page has no horizontal overflow; axe stays clean.
 */
import { describe, expect, it } from 'vitest';
import { adminSession, horizontalOverflow, seriousViolations, settled } from './browser.js';

const s = adminSession();

describe('header at laptop and tablet widths', () => {
  for (const width of [1280, 1024, 768])
    it(`admin at ${width} px: every page's link inside the window, named, no horizontal overflow`, async () => {
      const page = await s.open(s.admin, '/dashboards/executive', { viewport: { width, height: 800 } });
      await settled(page);
      const nav = page.getByRole('navigation', { name: 'Main', exact: true });
      const links = await nav.getByRole('link').evaluateAll((els) =>
        els.map((el) => ({
          name: el.textContent?.trim() ?? '',
          title: el.getAttribute('title'),
          right: el.getBoundingClientRect().right,
        })),
      );
      expect(links.map((l) => l.name)).toContain('Settings'); // the admin's last page
      expect(links.length).toBeGreaterThanOrEqual(9);
      for (const l of links) expect(l.right, l.name).toBeLessThanOrEqual(width);
      expect(await horizontalOverflow(page)).toBe(0);
      // Sign out stays reachable in the header.
      const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
      expect(signOut && signOut.x + signOut.width).toBeLessThanOrEqual(width);
      // A link whose label is hidden still says what it is, as a tooltip.
      for (const l of links) expect(l.title).toBe(l.name);
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    });
});
