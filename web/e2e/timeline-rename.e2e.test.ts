/**
 * Renaming a saved timeline in place (#16): Rename beside the heading turns the name into a field;
 * Enter saves (heading, picker and API agree), Escape cancels (focus back on Rename), a blank name
 * and a concurrent change are shown as errors with the field still open; colleagues who may only
 * read it get no Rename. At both sizes, axe clean in light and dark.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminSession, DESKTOP, MOBILE, seriousViolations, shoot } from './browser.js';

const s = adminSession();

interface Saved {
  id: string;
  timeline_name: string;
  version: number;
}

const heading = (page: Page) => page.locator('.page-head h1');

describe('inline rename of a saved timeline', () => {
  for (const [size, viewport, scheme] of [
    ['desktop', DESKTOP, 'light'],
    ['mobile', MOBILE, 'dark'],
  ] as const)
    it(`Enter saves, Escape cancels, errors are shown (${size}, ${scheme})`, async () => {
      const rep = s.as('rep');
      const api = s.apiAs(rep);
      const name = `Rename me ${size} ${Date.now()}`;
      const created = await api<Saved>('/timelines', {
        method: 'POST',
        body: JSON.stringify({ timeline_name: name, timeline_type: 'personal' }),
      });
      const page = await s.openTimeline(rep, `/timeline?timeline=${created.id}`, {
        viewport,
        colorScheme: scheme,
      });
      await expect.poll(() => heading(page).textContent()).toBe(name);
      const rename = page.getByRole('button', { name: 'Rename', exact: true });
      const field = page.getByLabel('Timeline name');

      // A blank name is refused in place, and nothing is sent.
      await rename.click();
      expect(await field.inputValue()).toBe(name);
      expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
      await field.fill('   ');
      await field.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'The name cannot be blank.' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await shoot(page, `timeline-rename-${size}-${scheme}`);

      // Escape cancels: the old name stays, here and on the server, and focus returns to Rename.
      await field.fill('Not this one');
      await field.press('Escape');
      await expect.poll(() => heading(page).textContent()).toBe(name);
      expect(await rename.evaluate((el) => el === document.activeElement)).toBe(true);
      expect((await api<Saved>(`/timelines/${created.id}`)).timeline_name).toBe(name);

      // Enter saves: heading, the picker's option and the API all carry the new name.
      const renamed = `Renamed ${size} ${Date.now()}`;
      await rename.click();
      await field.fill(`  ${renamed} `);
      await field.press('Enter');
      await expect.poll(() => heading(page).textContent()).toBe(renamed);
      expect(await rename.evaluate((el) => el === document.activeElement)).toBe(true);
      const saved = await api<Saved>(`/timelines/${created.id}`);
      expect(saved.timeline_name).toBe(renamed);
      await expect
        .poll(() =>
          page.getByLabel('Saved timeline', { exact: true }).locator('option:checked').textContent(),
        )
        .toBe(renamed);

      // Someone else changes it meanwhile: the save answers 412 and the field stays open with why.
      await api(`/timelines/${created.id}`, {
        method: 'PATCH',
        headers: { 'if-match': `"${saved.version}"` },
        body: JSON.stringify({ real_time_updates: false }),
      });
      await rename.click();
      await field.fill('Too late');
      await field.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'Someone else changed this timeline' }).waitFor();
      expect(await field.isVisible()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await field.press('Escape');
      expect((await api<Saved>(`/timelines/${created.id}`)).timeline_name).toBe(renamed);
      await page.context().close();
    }, 180_000);

  it('a colleague who may only read a public timeline gets no Rename', async () => {
    const rep = s.as('rep');
    const created = await s.apiAs(rep)<Saved>('/timelines', {
      method: 'POST',
      body: JSON.stringify({
        timeline_name: `Public ${Date.now()}`,
        timeline_type: 'personal',
        is_public: true,
      }),
    });
    const page = await s.openTimeline(s.as('agent'), `/timeline?timeline=${created.id}`);
    await expect.poll(() => heading(page).textContent()).toBe(created.timeline_name);
    await page.getByText('Public · read-only').waitFor();
    expect(await page.getByRole('button', { name: 'Rename', exact: true }).count()).toBe(0);
    await page.context().close();
  });
});
