/**
 * The audit page in a real browser: an admin sees the Audit link, the entry of a change made a
 * moment ago with its diff written "field: before → after", filters by action, verifies the chain
 * and reads completeness by day; a rep has no link. axe-core finds no serious violation.
 */
import { describe, expect, it } from 'vitest';
import { adminSession, seriousViolations, settled, shoot } from './browser.js';

const s = adminSession();

describe('audit page', () => {
  it('shows a fresh change as a readable diff, filters, verifies and reports completeness', async () => {
    const event = await s.api<{ id: string }>('/events', {
      method: 'POST',
      body: JSON.stringify({
        customer_id: await s.firstCustomerId(),
        user_id: s.admin.user_id,
        event_type: 'task',
        event_source: 'manual',
        event_title: 'Audit e2e task',
        event_timestamp: new Date().toISOString(),
      }),
    });
    await s.api(`/events/${event.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ priority: 'urgent' }),
    });

    const page = await s.open(s.admin, '/timeline');
    await page.getByRole('link', { name: 'Audit' }).first().click();
    await page.waitForURL(/\/audit$/);
    await page.locator('.audit-table tbody tr').first().waitFor({ timeout: 60_000 });
    await settled(page);
    const update = page.locator('.audit-table tbody tr', { hasText: 'event.update' }).first();
    expect(await update.locator('.audit-changes li').first().textContent()).toBe('priority: normal → urgent');

    await page.getByLabel('Action').selectOption('event.update');
    await page.getByRole('button', { name: 'Apply' }).click();
    // An empty table (the moment the filtered page is loading) is not an answer: wait for rows
    // that all carry the chosen action.
    await page.waitForFunction(() => {
      const actions = [...document.querySelectorAll('.audit-table tbody tr td:nth-child(4)')];
      return actions.length > 0 && actions.every((td) => td.textContent === 'event.update');
    });
    expect(await page.locator('.audit-table tbody tr').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.locator('.verify-result', { hasText: 'Intact' }).waitFor();
    await page.locator('#completeness-title').waitFor();
    const completeness =
      (await page.locator('.card', { has: page.locator('#completeness-title') }).textContent()) ?? '';
    // Its days are the company's (the zone it names): in New York it is still yesterday from
    // 00:00 to 05:00 UTC, when a UTC date failed this check.
    const zone = /\(([A-Za-z_]+(?:\/[A-Za-z_]+)+)\)/.exec(completeness)?.[1] ?? 'UTC';
    expect(completeness).toContain(new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date()));
    await shoot(page, 'audit-page');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('has no Audit link for a rep', async () => {
    const page = await s.open(s.as('rep'), '/timeline');
    await page.getByRole('link', { name: 'Timeline' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0);
  });
});
