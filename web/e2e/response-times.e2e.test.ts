/**
 * Response times, from the team card (#16): the unanswered figure and the "me" agenda link to the
 * unanswered queue, `/timeline?unanswered=1`, whose list is exactly what GET /events?unanswered=true
 * answers for the same scope, behind a removable "Unanswered inbound" chip; the target line is the
 * company's setting (PATCH /company/settings).
 */

import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminSession, exportAs, listAllEvents, type Persona, settled } from './browser.js';

const s = adminSession();

interface EventsPage {
  items: Array<{ id: string; direction: string | null }>;
  next_cursor: string | null;
}

/** The ids of the list rows drawn (in order) once at least one is there. */
async function rowIds(page: Page): Promise<string[]> {
  await page.locator('.event-row').first().waitFor({ timeout: 60_000 });
  await settled(page);
  return page
    .locator('[data-event-id]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-id') ?? ''));
}

/**
 * Follows the link `testId` on `page` to the timeline and checks its list against the API asked
 * independently for the same scope (`scope`: the link's filters besides unanswered).
 */
async function checkQueue(page: Page, persona: Persona, testId: string, scope: string) {
  const link = page.getByTestId(testId);
  const href = (await link.getAttribute('href')) ?? '';
  const params = new URL(href, s.base).searchParams;
  expect(params.get('unanswered')).toBe('1');
  const from = params.get('from');
  expect(from).toBeTruthy();
  const pageList = page.waitForResponse(
    (r) => r.url().includes('/api/v1/events?') && r.url().includes('unanswered=true'),
    { timeout: 60_000 },
  );
  await link.click();
  await page.waitForURL(/\/timeline\?.*unanswered=1/);
  const expected = await s.apiAs(persona)<EventsPage>(
    `/events?unanswered=true&${scope}&from=${encodeURIComponent(from ?? '')}&limit=50`,
  );
  // The queue is not empty in the demo data: an empty list would pass the comparisons below.
  expect(expected.items.length).toBeGreaterThan(0);
  expect(expected.items.every((e) => e.direction === 'inbound')).toBe(true);
  const answered = (await (await pageList).json()) as EventsPage;
  expect(answered.items.map((e) => e.id)).toEqual(expected.items.map((e) => e.id));
  const shown = await rowIds(page);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown).toEqual(expected.items.slice(0, shown.length).map((e) => e.id));
  const more = expected.next_cursor ? '+' : '';
  expect(await page.locator('.list-count').textContent()).toBe(
    `${expected.items.length}${more} activities loaded`,
  );
  await page.getByRole('button', { name: 'Remove filter Unanswered inbound' }).waitFor();
}

describe('the unanswered queue', () => {
  it("the team card's unanswered figure opens the timeline listing exactly GET /events?unanswered=true", async () => {
    const lead = s.as('team_lead');
    const page = await s.open(lead, `/dashboards/team/${lead.team_id}`);
    await settled(page);
    await page.getByTestId('rt-unanswered').locator('a[data-value]').waitFor();
    const figure = page.getByTestId('rt-unanswered').locator('a[data-value]');
    const button = page.getByTestId('unanswered-link');
    expect(await figure.getAttribute('href')).toBe(await button.getAttribute('href'));
    await figure.evaluate((a) => a.setAttribute('data-testid', 'rt-unanswered-figure'));
    await checkQueue(page, lead, 'rt-unanswered-figure', `team_id=${lead.team_id}`);
    // Removing the chip leaves the unanswered queue: the list asks without `unanswered`.
    const all = page.waitForResponse(
      (r) => r.url().includes('/api/v1/events?') && !r.url().includes('unanswered'),
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Remove filter Unanswered inbound' }).click();
    await all;
    expect(page.url()).not.toContain('unanswered');
    expect(page.url()).toContain(`team_id=${lead.team_id}`);
    await page.context().close();
  });

  it("the rep's agenda links to their own unanswered queue", async () => {
    const rep = s.as('rep');
    const page = await s.open(rep, '/me');
    await settled(page);
    await page.getByTestId('agenda-unanswered-link').waitFor();
    await checkQueue(page, rep, 'agenda-unanswered-link', `user_id=${rep.user_id}`);
    await page.context().close();
  });

  it('a typed URL with unanswered=1 shows the chip and the API list for that scope', async () => {
    const page = await s.signedInPage(s.admin);
    const answered = page.waitForResponse(
      (r) => r.url().includes('/api/v1/events?') && r.url().includes('unanswered=true'),
      { timeout: 60_000 },
    );
    await page.goto(`${s.base}/timeline?unanswered=1&direction=inbound`);
    const expected = await s.api<EventsPage>('/events?unanswered=true&direction=inbound&limit=50');
    expect(expected.items.length).toBeGreaterThan(0);
    expect(((await (await answered).json()) as EventsPage).items.map((e) => e.id)).toEqual(
      expected.items.map((e) => e.id),
    );
    const shown = await rowIds(page);
    expect(shown).toEqual(expected.items.slice(0, shown.length).map((e) => e.id));
    await page.getByRole('button', { name: 'Remove filter Unanswered inbound' }).waitFor();
    // The queue is not live on purpose: the badge says so instead of "Offline (retrying)".
    expect(await page.locator('.live-status').textContent()).toBe('Updates off');
    await page.context().close();
  });
  it("the queue's overview strip and export hold the queue's events, not the whole scope's", async () => {
    const lead = s.as('team_lead');
    const scope = `team_id=${lead.team_id}`;
    const queue = await listAllEvents<{ id: string; event_title: string }>(s.api, `unanswered=true&${scope}`);
    expect(queue.length).toBeGreaterThan(0);
    const whole = await s.api<{ total: number }>(`/events/histogram?${scope}`);
    // Otherwise a strip that ignored the filter would pass.
    expect(whole.total).toBeGreaterThan(queue.length);

    const page = await s.signedInPage(s.admin);
    const strips: Array<{ url: string; total: number }> = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/events/histogram?') && r.ok())
        void r.json().then((h: { total: number }) => strips.push({ url: r.url(), total: h.total }));
    });
    await page.goto(`${s.base}/timeline?unanswered=1&${scope}`);
    await rowIds(page);
    const label = page.locator('.overview caption, .overview [aria-label^="Overview:"]').first();
    await expect
      .poll(() => label.getAttribute('aria-label').then((a) => a ?? label.textContent()))
      .toMatch(new RegExp(`^Overview: ${queue.length} events per `));
    expect(strips.length).toBeGreaterThan(0);
    for (const h of strips) {
      expect(new URL(h.url).searchParams.get('unanswered')).toBe('true');
      expect(h.total).toBe(queue.length);
    }

    const csv = await exportAs(page, 'CSV');
    const [head, ...rows] = parse(csv.bytes, { bom: true, relax_column_count: false }) as string[][];
    const title = head?.indexOf('Title') ?? -1;
    expect(title).toBeGreaterThanOrEqual(0);
    expect(rows.map((r) => r[title])).toEqual(queue.map((e) => e.event_title));
    await page.context().close();
  });
  it('a saved timeline opened with unanswered=1 lists, counts and exports its own unanswered events', async () => {
    const lead = s.as('team_lead');
    const created = await s.api<{ id: string }>('/timelines', {
      method: 'POST',
      body: JSON.stringify({
        timeline_name: 'Team inbound (e2e)',
        timeline_type: 'team',
        default_filters: { team_id: [lead.team_id], direction: ['inbound'] },
        date_range_default: {},
      }),
    });
    try {
      const queue = await listAllEvents<{ id: string; event_title: string }>(
        (path) => s.api(path.replace('/events?', `/timelines/${created.id}/events?`)),
        'unanswered=true',
      );
      // The same events as the company's queue for the timeline's filters, and not all of them.
      const direct = await listAllEvents<{ id: string }>(
        s.api,
        `unanswered=true&team_id=${lead.team_id}&direction=inbound`,
      );
      expect(queue.length).toBeGreaterThan(0);
      expect(queue.map((e) => e.id)).toEqual(direct.map((e) => e.id));
      const whole = await s.api<{ total: number }>(`/timelines/${created.id}/histogram`);
      expect(whole.total).toBeGreaterThan(queue.length);

      const page = await s.signedInPage(s.admin);
      const strip = page.waitForResponse(
        (r) => r.url().includes(`/timelines/${created.id}/histogram?`) && r.url().includes('unanswered=true'),
        { timeout: 60_000 },
      );
      await page.goto(`${s.base}/timeline?timeline=${created.id}&unanswered=1`);
      const shown = await rowIds(page);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown).toEqual(queue.slice(0, shown.length).map((e) => e.id));
      expect(((await (await strip).json()) as { total: number }).total).toBe(queue.length);
      const csv = await exportAs(page, 'CSV');
      const [head, ...rows] = parse(csv.bytes, { bom: true, relax_column_count: false }) as string[][];
      const title = head?.indexOf('Title') ?? -1;
      expect(rows.map((r) => r[title])).toEqual(queue.map((e) => e.event_title));
      await page.context().close();
    } finally {
      await s.api(`/timelines/${created.id}`, { method: 'DELETE' }).catch(() => {});
    }
  });
});

describe('the response-time target', () => {
  it("draws the company's target, as changed through PATCH /company/settings", async () => {
    const lead = s.as('team_lead');
    const subtitle = async () => {
      const page = await s.open(lead, `/dashboards/team/${lead.team_id}`);
      const head = page.getByRole('region', { name: 'Median response per member' }).locator('.card-head p');
      await expect.poll(() => head.textContent()).toMatch(/the line is the .* target/);
      const text = (await head.textContent()) ?? '';
      await page.context().close();
      return text;
    };
    expect(await subtitle()).toContain('the line is the 4.0 h target');
    const patch = (minutes: number) =>
      s.api<{ response_target_minutes: number }>('/company/settings', {
        method: 'PATCH',
        body: JSON.stringify({ response_target_minutes: minutes }),
      });
    expect((await patch(90)).response_target_minutes).toBe(90);
    try {
      expect(await subtitle()).toContain('the line is the 1.5 h target');
    } finally {
      await patch(240);
    }
  });
});
