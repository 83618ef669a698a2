/**
 * The unanswered queue saved as a timeline (#16): the Save dialog says it keeps to unanswered inbound
 * events and that its live updates reload the list; the stored timeline shows the filter as a chip,
 * says so beside the list, and on live messages reloads: a new inbound call appears, and leaves once
 * a reply answers it. A burst of 200 messages is a few reloads, not 200, and the list ends right.
 * At both sizes, axe clean in light and dark.
 */
import { describe, expect, it } from 'vitest';
import { adminSession, DESKTOP, MOBILE, seriousViolations, shoot } from './browser.js';

const s = adminSession();
let savedId = '';

describe('a saved timeline of unanswered inbound events', () => {
  it('is saved from the queue with its filter, shown as a chip, and reloads on live messages (desktop, light)', async () => {
    const page = await s.openTimeline(s.admin, '/timeline?unanswered=1&range=all', { viewport: DESKTOP });
    await page.getByRole('button', { name: 'Save…' }).click();
    await page.getByTestId('save-unanswered').waitFor();
    expect(await page.getByTestId('save-unanswered').textContent()).toContain('reload the list');
    expect(await seriousViolations(page)).toEqual([]);
    const name = `Unanswered ${Date.now()}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Kind of timeline').selectOption('company');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/timeline=/);
    savedId = new URL(page.url()).searchParams.get('timeline') ?? '';
    const stored = await s.api<{ default_filters: Record<string, unknown> }>(`/timelines/${savedId}`);
    expect(stored.default_filters).toEqual({ unanswered: true });

    // The URL no longer says unanswered: the timeline does (a chip of the timeline, a note, the badge).
    expect(new URL(page.url()).searchParams.get('unanswered')).toBeNull();
    await page.locator('.chip-timeline', { hasText: 'Unanswered inbound' }).waitFor();
    await page.getByTestId('reload-note').waitFor();
    await expect.poll(() => page.locator('.live-status').textContent()).toBe('Live · reloads');
    await page.locator('.event-row').first().waitFor();

    // A new inbound call is unanswered: the list reloads and shows it.
    const customer_id = await s.firstCustomerId();
    const title = `Call to answer ${Date.now()}`;
    await s.ingestCall({
      event_title: title,
      customer_id,
      event_timestamp: new Date(Date.now() - 60_000).toISOString(),
    });
    const row = page.locator('.event-row', { hasText: title });
    await row.waitFor({ timeout: 30_000 });
    await shoot(page, 'saved-unanswered-desktop-light');
    // A reply to the customer answers it: the next reload drops it (the stream alone could not tell).
    const reply = `Called back ${Date.now()}`;
    await s.ingestCall({ event_title: reply, customer_id, direction: 'outbound' });
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.locator('.event-row', { hasText: reply }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('turns a burst of 200 live messages into a few list reloads, and ends on the right list', async () => {
    expect(savedId).not.toBe('');
    const page = await s.openTimeline(s.admin, `/timeline?timeline=${savedId}`, { viewport: DESKTOP });
    await expect.poll(() => page.locator('.live-status').textContent()).toBe('Live · reloads');
    const apiPath = `/timelines/${savedId}/events`;
    const listPath = `/api/v1${apiPath}`;
    let listRequests = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === listPath) listRequests++;
    });

    // 200 unanswered inbound calls in one batch (200 stream messages), in a thread of their own so
    // only the reply below answers them; the last one is the newest, at the top of the list.
    const stamp = Date.now();
    const thread_id = `burst-${stamp}`;
    const customer_id = await s.firstCustomerId();
    const burst = Array.from({ length: 200 }, (_, i) => ({
      customer_id,
      user_id: s.admin.user_id,
      event_type: 'call',
      event_source: 'phone_system',
      direction: 'inbound',
      event_title: `Burst ${stamp} #${i}`,
      event_timestamp: new Date(stamp - 1000 - (199 - i) * 100).toISOString(),
      event_data: { thread_id },
    }));
    const stored = await s.api<{ stored: number }>('/events/batch', {
      method: 'POST',
      body: JSON.stringify(burst),
    });
    expect(stored.stored).toBe(200);
    const last = page.locator('.event-row', { hasText: `Burst ${stamp} #199` });
    await last.waitFor({ timeout: 30_000 });
    // Room for a trailing reload (they start at least 1 s apart), then count. One reload per
    // message made about 200 list requests; coalesced, the burst is the first reload and a
    // trailing one, plus one a second while messages still arrive on a slow machine.
    await page.waitForTimeout(3000);
    expect(listRequests).toBeGreaterThan(0);
    expect(listRequests).toBeLessThanOrEqual(5);
    // The list the page ends on is the server's: its first row, and the burst's last event in it.
    const api = await s.api<{ items: Array<{ event_title: string }> }>(`${apiPath}?limit=10`);
    expect(api.items.map((e) => e.event_title)).toContain(`Burst ${stamp} #199`);
    expect(await page.locator('.event-row').first().textContent()).toContain(api.items[0]?.event_title);

    // One reply in the thread answers all 200: the reload after its message drops them.
    await s.ingestCall({
      event_title: `Burst reply ${stamp}`,
      customer_id,
      direction: 'outbound',
      event_data: { thread_id },
    });
    await last.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page.locator('.event-row', { hasText: `Burst ${stamp}` }).count()).toBe(0);
    await page.context().close();
  }, 180_000);

  it('opens on a phone with its chip and note, axe clean in dark', async () => {
    expect(savedId).not.toBe('');
    const page = await s.openTimeline(s.admin, `/timeline?timeline=${savedId}`, {
      viewport: MOBILE,
      colorScheme: 'dark',
    });
    await page.locator('.chip-timeline', { hasText: 'Unanswered inbound' }).waitFor();
    await page.getByTestId('reload-note').waitFor();
    // Every row is an inbound event (the queue's), as the API answers for the timeline.
    const api = await s.api<{ items: Array<{ event_title: string; direction: string }> }>(
      `/timelines/${savedId}/events?limit=10`,
    );
    expect(new Set(api.items.map((e) => e.direction))).toEqual(new Set(['inbound']));
    expect(await page.locator('.event-row').first().textContent()).toContain(api.items[0]?.event_title);
    await shoot(page, 'saved-unanswered-mobile-dark');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);
});
