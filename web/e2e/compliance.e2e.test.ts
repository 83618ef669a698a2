/**
 * Retention and erasure in a real browser: a compliance officer opens the page from the nav, sets an
 * age limit and sees what the next purge would remove (the API's count), erases a customer after
 * typing its name, and reads the result and its audit entry; the API confirms the content is gone.
 * A rep has no link, the page says why, and the API refuses them. axe-core finds no serious violation.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { adminSession, type Persona, seriousViolations, settled, shoot } from './browser.js';

const s = adminSession();
const { base } = s;
const marker = `Rtbf${Date.now().toString(36)}`;

type Retention = {
  retention_years: number | null;
  next_purge: { soft_deleted: number; expired: number };
};

afterAll(async () => {
  // Later files expect the demo's settings: keep everything again.
  await s.api('/retention', {
    method: 'PUT',
    body: JSON.stringify({ retention_years: null }),
  });
});

const ingest = (customerId: string, title: string, at: Date) =>
  s.ingestCall({ customer_id: customerId, event_title: title, event_timestamp: at.toISOString() });

describe('retention and erasure page', () => {
  it('changes retention, previews the purge, erases a customer and shows the audit entry', async () => {
    const customerId = randomUUID();
    const name = `${marker} Holdings`;
    await s.api(`/directory/customers/${customerId}`, {
      method: 'PUT',
      body: JSON.stringify({ name, segment: 'smb' }),
    });
    const threeYearsAgo = new Date(Date.now() - 3 * 366 * 86_400_000);
    const old = await ingest(customerId, `${marker} old call`, threeYearsAgo);
    const recent = await ingest(customerId, `${marker} recent call`, new Date());

    const compliance: Persona = s.as('compliance');
    const page = await s.open(compliance, '/timeline');
    await page.getByRole('link', { name: 'Retention' }).first().click();
    await page.waitForURL(/\/compliance$/);
    await page.getByLabel('Keep deleted activities for (days)').waitFor({ timeout: 60_000 });
    await settled(page);

    // An age limit of 2 years: the preview then counts the 3-year-old call (and whatever else is that old).
    await page.getByLabel('Keep activities forever').uncheck();
    await page.getByLabel('Remove activities older than (years)').fill('2');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText('Saved. The audit trail records the change.').waitFor();
    const api = s.apiAs(compliance);
    const stored = await api<Retention>('/retention');
    expect(stored.retention_years).toBe(2);
    expect(stored.next_purge.expired).toBeGreaterThanOrEqual(1);
    const total = stored.next_purge.soft_deleted + stored.next_purge.expired;
    const word = total === 1 ? 'activity' : 'activities';
    expect(await page.getByTestId('next-purge').textContent()).toBe(
      `A purge run now would remove ${total.toLocaleString('en-US')} ${word}:`,
    );
    const settingsAudit = await api<{ entries: Array<{ actor_role: string; details: unknown }> }>(
      '/audit?action=company.settings.update&limit=1',
    );
    expect(settingsAudit.entries[0]).toMatchObject({
      actor_role: 'compliance',
      details: { changes: { retention_years: { before: null, after: 2 } } },
    });

    // Erasure: pick the customer, the button stays off until the name is typed, then the result.
    await page.getByRole('combobox', { name: 'Customer' }).fill(marker);
    await page.getByRole('option', { name: new RegExp(name) }).click();
    await page.getByRole('button', { name: 'Erase personal data…' }).click();
    const dialog = page.getByRole('dialog', { name: `Erase ${name}?` });
    const confirm = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type the customer’s name to confirm').fill(name);
    await confirm.click();
    const result = page.getByTestId('erasure-result');
    await result.waitFor();
    expect(await result.getByRole('alert').textContent()).toMatch(
      new RegExp(`^Erased ${name}: 2 activities cleared`),
    );
    const row = result.locator('.audit-table tbody tr');
    await row.waitFor();
    expect(await row.locator('td').nth(3).textContent()).toBe('customer.erase');
    expect(await row.textContent()).toContain('events: 2');

    // The API agrees: the titles and the name are gone, the audit entry names the customer.
    for (const id of [old.id, recent.id]) {
      const event = await api<{ event_title: string }>(`/events/${id}`);
      expect(event.event_title).toBe('Erased activity');
    }
    const customer = await api<{ items: Array<{ name: string }> }>(`/directory/customers?id=${customerId}`);
    expect(customer.items[0]?.name).toBe('Erased customer');
    const erasures = await api<{ entries: Array<{ id: number; object_ids: string[] }> }>(
      `/audit?action=customer.erase&object_id=${customerId}`,
    );
    expect(erasures.entries).toHaveLength(1);
    expect(await result.locator('h3').textContent()).toBe(`Audit entry ${erasures.entries[0]?.id}`);
    expect(await page.content()).not.toContain(`${marker} old call`);

    await shoot(page, 'compliance-page');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows a rep no link and no controls, and the API refuses them', async () => {
    const rep = s.as('rep');
    const page = await s.open(rep, '/timeline');
    await page.getByRole('link', { name: 'Timeline' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Retention' }).count()).toBe(0);
    await page.goto(`${base}/compliance`);
    await page.getByText('Not available for your role').waitFor();
    expect(await page.getByRole('button', { name: 'Save retention' }).count()).toBe(0);
    const res = await fetch(`${base}/api/v1/retention`, {
      headers: { authorization: `Bearer ${await s.token(rep)}` },
    });
    expect(res.status).toBe(403);
  });
});
