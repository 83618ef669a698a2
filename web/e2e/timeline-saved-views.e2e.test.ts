/**
 * Saved timelines read as what they are (issue 16): the Save dialog closes once saved, an open
 * timeline shows its name, its filters as chips and its range in the range selector, and is edited
 * in place; column views have a header row, fit 1440 px and become labelled cards at 375 px; each
 * role with a narrower job lands on its default timeline.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  adminSession,
  DESKTOP,
  horizontalOverflow,
  MOBILE,
  type Persona,
  seriousViolations,
  shoot,
} from './browser.js';

const s = adminSession();

interface Timeline {
  id: string;
  timeline_name: string;
  default_filters: Record<string, unknown>;
  date_range_default: { relative?: string };
  column_configuration: Array<{ field: string }>;
}

const pageAs = (persona: Persona, path: string, viewport = DESKTOP): Promise<Page> =>
  s.openTimeline(persona, path, { viewport, locale: 'en-US' });

describe('saving a timeline', () => {
  it('closes the Save dialog once saved and opens the new timeline under its name (a second click saves nothing twice)', async () => {
    const rep = s.as('rep');
    const api = s.apiAs(rep);
    const name = `E2E emails once ${Date.now()}`; // unique even against a reused server
    const page = await pageAs(rep, '/timeline?type=email&range=30d');
    await page.getByRole('button', { name: 'Save…' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/timeline=/);
    await page.locator('.form-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    // The dialog is gone: pressing Enter or clicking again cannot create a duplicate.
    await page.keyboard.press('Enter');
    const mine = await api<{ items: Timeline[] }>('/timelines');
    expect(mine.items.filter((t) => t.timeline_name === name)).toHaveLength(1);
    await page.context().close();
  });
});

describe('an open saved timeline', () => {
  it('shows its name, its filters as chips and its range in the selector, and edits them in place', async () => {
    const compliance = s.as('compliance');
    const api = s.apiAs(compliance);
    const own = await api<Timeline>('/timelines/default');
    expect(own.default_filters).toEqual({ direction: ['inbound', 'outbound'] });
    const page = await pageAs(compliance, `/timeline?timeline=${own.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(own.timeline_name);
    const chips = page.getByRole('list', { name: 'Active filters' });
    expect(await chips.locator('.chip-timeline').allTextContents()).toEqual([
      'Direction: Inbound ',
      'Direction: Outbound ',
    ]);
    // The selector and the toolbar name the same window.
    expect(await page.getByLabel('Date range').inputValue()).toBe('90d');
    await page.getByText('Range: Last 90 days').waitFor();
    await shoot(page, 'saved-timeline-open-desktop');
    expect(await seriousViolations(page)).toEqual([]);

    // Edit in place: the range, then a chip, change the stored timeline.
    await page.getByLabel('Date range').selectOption('30d');
    await page.getByText('Range: Last 30 days').waitFor();
    await page.getByRole('button', { name: /Remove Direction: Inbound from the timeline/ }).click();
    await expect
      .poll(async () => (await api<Timeline>(`/timelines/${own.id}`)).default_filters)
      .toEqual({ direction: ['outbound'] });
    expect((await api<Timeline>(`/timelines/${own.id}`)).date_range_default).toEqual({
      relative: 'last_30_days',
    });
    await page.getByText('Range: Last 30 days').waitFor();
    // Put it back for the other tests.
    await api(`/timelines/${own.id}`, {
      method: 'PATCH',
      headers: {
        'if-match': `"${(await api<{ version: number }>(`/timelines/${own.id}`)).version}"`,
      },
      body: JSON.stringify({
        default_filters: own.default_filters,
        date_range_default: own.date_range_default,
      }),
    });
    await page.context().close();
  });

  it('shows a read-only timeline’s filters as chips that cannot be removed', async () => {
    const compliance = s.as('compliance');
    const other = s.as('marketing');
    const api = s.apiAs(compliance);
    const own = await api<Timeline & { version: number }>('/timelines/default');
    await api(`/timelines/${own.id}`, {
      method: 'PATCH',
      headers: { 'if-match': `"${own.version}"` },
      body: JSON.stringify({ is_public: true }),
    });
    const page = await pageAs(other, `/timeline?timeline=${own.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(own.timeline_name);
    await page.locator('.chip-timeline').first().waitFor();
    expect(await page.locator('button.chip-timeline').count()).toBe(0);
    expect(await page.locator('span.chip-timeline').count()).toBe(2);
    await page.context().close();
  });
});

describe('column views', () => {
  it('have a header row and fit at 1440 px; at 375 px each row is a card of labelled fields', async () => {
    const compliance = s.as('compliance');
    const api = s.apiAs(compliance);
    const own = await api<Timeline>('/timelines/default');
    const labels = ['Time', 'Type', 'Title', 'Customer', 'Owner', 'Priority', 'Sentiment', 'Direction'];
    expect(own.column_configuration.map((c) => c.field)).toHaveLength(labels.length);

    const page = await pageAs(compliance, `/timeline?timeline=${own.id}`);
    expect(await page.locator('.tl-header .tl-cell').allTextContents()).toEqual(labels);
    // Every cell of the first row ends inside the row (none cut off at the right).
    const fits = await page.evaluate(() => {
      const row = document.querySelector('.event-row') as HTMLElement;
      const right = row.getBoundingClientRect().right;
      return [...row.querySelectorAll('.tl-cell')].map((c) => c.getBoundingClientRect().right <= right + 0.5);
    });
    expect(fits).toEqual(labels.map(() => true));
    expect(await horizontalOverflow(page)).toBe(0);
    await shoot(page, 'saved-timeline-columns-desktop');
    await page.context().close();

    const phone = await pageAs(compliance, `/timeline?timeline=${own.id}`, MOBILE);
    expect(await horizontalOverflow(phone)).toBe(0);
    const card = await phone.evaluate(() => {
      const row = document.querySelector('.event-row') as HTMLElement;
      return [...row.querySelectorAll<HTMLElement>('.tl-cell')].map((c) => {
        const r = c.getBoundingClientRect();
        return {
          label: getComputedStyle(c, '::before').content,
          visible: r.width > 0 && r.height > 0 && r.right <= window.innerWidth,
        };
      });
    });
    expect(card).toEqual(labels.map((l) => ({ label: `"${l}"`, visible: true })));
    expect(await phone.locator('.tl-header').isVisible()).toBe(false);
    await shoot(phone, 'saved-timeline-columns-mobile');
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.context().close();
  });
});

describe('landing', () => {
  it.each([
    ['rep', 'My activity'],
    ['agent', 'My activity'],
    ['compliance', 'Compliance review'],
    ['marketing', 'Company activity'],
  ])('a %s opening the timeline lands on their default timeline “%s”', async (role, name) => {
    const persona = s.as(role);
    const own = await s.apiAs(persona)<Timeline>('/timelines/default');
    const page = await pageAs(persona, '/timeline');
    expect(new URL(page.url()).searchParams.get('timeline')).toBe(own.id);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    // "All activity" is still one choice away, and stays.
    await page.getByLabel('Saved timeline', { exact: true }).selectOption('');
    await page.waitForURL(/range=all/);
    await page.getByRole('heading', { name: 'Company timeline' }).waitFor();
    await page.context().close();
  });
});
