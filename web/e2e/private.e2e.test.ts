/**
 * Private activities in a real browser (issue 18): an event ingested with visibility "private" for
 * a rep shows to an admin as "Private activity" in the list and in the drill-down drawer, with none
 * of its words anywhere on the page nor in the admin's CSV export; its owner reads it whole.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminSession, type Persona, seriousViolations, settled, shoot } from './browser.js';

const s = adminSession();
const marker = `Zq${Date.now().toString(36)}`;
const title = `HR call about ${marker}`;
const description = `Sensitive notes ${marker}-desc`;
let eventId: string;
let customerId: string;

beforeAll(async () => {
  customerId = await s.firstCustomerId();
  const event = await s.api<{ id: string }>('/events', {
    method: 'POST',
    body: JSON.stringify({
      customer_id: customerId,
      user_id: s.as('rep').user_id,
      event_type: 'call',
      event_source: 'manual',
      event_title: title,
      event_description: description,
      event_data: { notes: `${marker}-data` },
      participants: [{ name: `${marker} Person`, email: `${marker.toLowerCase()}@example.com` }],
      event_timestamp: new Date().toISOString(),
      visibility: 'private',
    }),
  });
  eventId = event.id;
});

/** The customer's timeline as `persona`, with the private event's drawer open. */
async function openEvent(persona: Persona): Promise<Page> {
  const page = await s.open(persona, `/timeline?customer_id=${customerId}&range=all`);
  await page.locator(`.event-row[data-event-id="${eventId}"]`).waitFor({ timeout: 60_000 });
  await settled(page);
  await page.locator(`.event-row[data-event-id="${eventId}"]`).click();
  await page.locator('.drawer .drawer-body').waitFor();
  await settled(page);
  return page;
}

/** Everything the page holds as text: rendered text, attributes and titles included. */
const pageSource = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);

describe('private activities', () => {
  it('another user (an admin) sees the placeholder in the list and the drawer, and no content anywhere', async () => {
    const page = await openEvent(s.admin);
    const row = page.locator(`.event-row[data-event-id="${eventId}"]`);
    expect(await row.locator('.event-title').textContent()).toBe('Private activity');
    expect(await page.locator('#drawer-title').textContent()).toBe('Private activity');
    expect(await page.locator('.drawer .description').count()).toBe(0);
    expect(await page.locator('.drawer').textContent()).toContain('No participants recorded.');
    await shoot(page, 'private-activity-redacted');
    expect((await pageSource(page)).toLowerCase()).not.toContain(marker.toLowerCase());
    expect(await seriousViolations(page)).toEqual([]);

    // The admin's export of the same view holds the placeholder, not the content.
    await page.keyboard.press('Escape');
    await page.locator('details.export-menu summary').click();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'CSV', exact: true }).click(),
    ]);
    const csv = (await readFile(await download.path())).toString('utf8');
    expect(csv).toContain('Private activity');
    expect(csv.toLowerCase()).not.toContain(marker.toLowerCase());
    await page.context().close();
  });

  it('its owner reads the title, description and participants', async () => {
    const page = await openEvent(s.as('rep'));
    const row = page.locator(`.event-row[data-event-id="${eventId}"]`);
    expect(await row.locator('.event-title').textContent()).toBe(title);
    expect(await page.locator('#drawer-title').textContent()).toBe(title);
    expect(await page.locator('.drawer .description').textContent()).toBe(description);
    expect(await page.locator('.drawer').textContent()).toContain(`${marker} Person`);
    await page.context().close();
  });
});
