/**
 * Retention and erasure in a real browser: a compliance officer opens the page from the nav, sets an
 * age limit and sees what the next purge would remove (the API's count), erases a customer after
 * typing its name, and reads the result and its audit entry; the API confirms the content is gone.
 * They erase one person across two customers the same way. A purge run (POST /retention/purge)
 * removes an event from a timeline open in another browser, live. A rep has no link, the page says
 * why, and the API refuses them. axe-core finds no serious violation.
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

  it('erases one person across customers and shows the audit entry', async () => {
    const [customerA, customerB, contact] = [randomUUID(), randomUUID(), randomUUID()];
    const email = `${marker.toLowerCase()}.person@example.com`;
    const byContact = await s.ingestCall({
      customer_id: customerA,
      contact_id: contact,
      event_title: `${marker} contact call`,
    });
    const byEmail = await s.ingestCall({
      customer_id: customerB,
      event_type: 'email',
      event_source: 'email',
      event_title: `${marker} person email`,
      participants: [{ email, name: `${marker} Person` }],
    });
    const someoneElse = await s.ingestCall({ customer_id: customerB, event_title: `${marker} someone else` });

    const compliance = s.as('compliance');
    const page = await s.open(compliance, '/compliance');
    const panel = page.getByRole('region', { name: 'Erase a person' });
    await panel.getByLabel('Contact id').fill(contact);
    await panel.getByLabel('E-mail addresses').fill(email);
    await panel.getByRole('button', { name: 'Erase this person’s data…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this person’s data?' });
    const confirm = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await dialog.textContent()).toContain(`${contact}, ${email}`);
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
    await confirm.click();
    const result = panel.getByTestId('erasure-result');
    await result.waitFor();
    expect(await result.getByRole('alert').textContent()).toMatch(
      new RegExp(`^Erased ${contact}, ${email.replace(/\./g, '\\.')}: 2 activities cleared`),
    );
    const row = result.locator('.audit-table tbody tr');
    await row.waitFor();
    expect(await row.locator('td').nth(3).textContent()).toBe('contact.erase');
    expect(await row.textContent()).toContain('events: 2');
    expect(await row.textContent()).not.toContain(email);

    const api = s.apiAs(compliance);
    for (const id of [byContact.id, byEmail.id]) {
      const event = await api<{ event_title: string; participants: unknown[] }>(`/events/${id}`);
      expect(event.event_title).toBe('Erased activity');
      expect(JSON.stringify(event.participants)).not.toContain(email);
    }
    expect((await api<{ event_title: string }>(`/events/${someoneElse.id}`)).event_title).toBe(
      `${marker} someone else`,
    );
    const erasures = await api<{ entries: Array<{ id: number }> }>(
      `/audit?action=contact.erase&object_id=${contact}`,
    );
    expect(erasures.entries).toHaveLength(1);
    expect(await result.locator('h3').textContent()).toBe(`Audit entry ${erasures.entries[0]?.id}`);
    await shoot(page, 'compliance-person-erasure');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('drops an event from an open timeline when a purge run removes it', async () => {
    const customerId = randomUUID();
    await s.api(`/directory/customers/${customerId}`, {
      method: 'PUT',
      body: JSON.stringify({ name: `${marker} Purge Ltd`, segment: 'smb' }),
    });
    // Older than any demo data: an age limit of 30 years purges this event and nothing of theirs.
    const ancient = await ingest(customerId, `${marker} ancient call`, new Date('1990-03-01T10:00:00Z'));
    await ingest(customerId, `${marker} fresh call`, new Date());
    const compliance = s.as('compliance');
    const api = s.apiAs(compliance);
    await api('/retention', { method: 'PUT', body: JSON.stringify({ retention_years: 30 }) });

    const page = await s.openTimeline(s.admin, `/timeline?customer_id=${customerId}&range=all`);
    await page.locator('.live-status', { hasText: 'Live' }).waitFor({ timeout: 30_000 });
    const titles = () => page.locator('.event-row .event-title').allTextContents();
    await expect.poll(titles).toEqual([`${marker} fresh call`, `${marker} ancient call`]);
    // Marks this document: still there afterwards means the row went without a reload.
    await page.evaluate(() => {
      (window as unknown as { purgeProbe: number }).purgeProbe = 1;
    });

    const purged = await api<{ removed: number; expired: number; audit_ids: number[] }>('/retention/purge', {
      method: 'POST',
      body: '{}',
    });
    expect(purged.expired).toBeGreaterThanOrEqual(1);
    expect(purged.audit_ids.length).toBeGreaterThanOrEqual(1);
    const gone = await fetch(`${base}/api/v1/events/${ancient.id}`, {
      headers: { authorization: `Bearer ${s.adminToken}` },
    });
    expect(gone.status).toBe(404);

    await expect.poll(titles).toEqual([`${marker} fresh call`]);
    expect(await page.evaluate(() => (window as unknown as { purgeProbe?: number }).purgeProbe)).toBe(1);
    const entry = await api<{ entries: Array<{ id: number; actor_role: string }> }>(
      '/audit?action=retention.purge&limit=1',
    );
    expect(entry.entries[0]).toMatchObject({ id: Math.max(...purged.audit_ids), actor_role: 'compliance' });
    await shoot(page, 'timeline-after-live-purge');
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
