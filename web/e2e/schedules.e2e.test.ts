/**
 * Scheduled reports in a real browser: create a team digest schedule, send it now, and see the
 * delivery in the history, written to the outbox (the test server has no SMTP) as the page says.
 */
import { describe, expect, it } from 'vitest';
import { adminSession, seriousViolations, settled, shoot } from './browser.js';

const s = adminSession();

describe('scheduled reports', () => {
  it('create a digest schedule, send now, see the outboxed delivery in the history', async () => {
    const lead = s.as('team_lead');
    const page = await s.open(lead, '/schedules');
    await page.getByRole('heading', { name: 'Scheduled reports' }).waitFor({ timeout: 60_000 });
    await settled(page);

    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel(/^Name/).fill('E2E team digest');
    await form.getByLabel(/^Digest of/).selectOption('team_id');
    await form.getByLabel(/^Team/).selectOption(lead.team_id as string);
    await form.getByLabel(/^When/).selectOption('week');
    await form.getByLabel(/^Weekday/).selectOption('5');
    await form.getByLabel(/^Time zone/).fill('Europe/Paris');
    await form.getByLabel(/^Recipients/).fill('e2e-lead@example.com');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Create schedule' }).click();

    const row = page.locator('tr', { hasText: 'E2E team digest' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Fridays at 08:00 (Europe/Paris)');
    expect(await row.textContent()).toContain('Never sent');
    await expect.poll(() => page.getByRole('note').textContent()).toContain('outbox');
    expect(await page.getByRole('status').filter({ hasText: 'Webhook signing secret' }).count()).toBe(1);

    await row.getByRole('button', { name: 'Send now' }).click();
    const history = page.getByRole('region', { name: 'Delivery history of E2E team digest' });
    await history.getByText('e2e-lead@example.com').waitFor({ timeout: 30_000 });
    // Send now answers at once; the history follows the delivery until the mail is outboxed.
    await expect
      .poll(() => history.textContent(), { timeout: 30_000 })
      .toMatch(/Email e2e-lead@example\.com: outboxed \(outbox file [0-9a-f-]+-0\.eml\)/);
    expect(await history.textContent()).toContain('Send now');
    await expect.poll(() => row.textContent()).toContain('delivered');
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'schedules');
  }, 120_000);
});
