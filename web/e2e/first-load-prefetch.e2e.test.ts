/**
 * A page opened directly asks for its first data at once, beside its code (#16, prefetch-page.ts):
 * each request goes out before the page's own chunk is even requested, and exactly once (the page
 * finds the answer under the same key instead of asking again).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminSession, type Persona, settled } from './browser.js';

const s = adminSession();

/** Every request the page makes from now on, in order: API paths with their query, asset paths. */
function requests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    seen.push(`${url.pathname}${url.search}`);
  });
  return seen;
}

/** `data` goes out once each, before `chunk`; `later` once each (asked when an earlier answer comes). */
async function firstLoad(
  persona: Persona,
  path: string,
  chunk: RegExp,
  data: RegExp[],
  later: RegExp[] = [],
) {
  const page = await s.signedInPage(persona);
  const seen = requests(page);
  await page.goto(`${s.base}${path}`);
  await settled(page);
  await page.waitForLoadState('networkidle');
  const chunkAt = seen.findIndex((r) => chunk.test(r));
  expect(chunkAt, `${chunk} requested`).toBeGreaterThanOrEqual(0);
  for (const d of data) {
    const at = seen.flatMap((r, i) => (d.test(r) ? [i] : []));
    expect(at, `${d}: once, before the page's code`).toHaveLength(1);
    expect(at[0]).toBeLessThan(chunkAt);
  }
  for (const d of later)
    expect(
      seen.filter((r) => d.test(r)),
      `${d}: once`,
    ).toHaveLength(1);
  await page.context().close();
}

describe('the first load asks for its data beside its code', () => {
  it('executive, team and my dashboards: their bundle', async () => {
    const lead = s.as('team_lead');
    await firstLoad(s.admin, '/dashboards/executive', /executive-page-.*\.js$/, [
      /^\/api\/v1\/dashboards\/executive\?/,
    ]);
    await firstLoad(lead, `/dashboards/team/${lead.team_id}`, /team-page-.*\.js$/, [
      new RegExp(`^/api/v1/dashboards/team/${lead.team_id}\\?`),
    ]);
    await firstLoad(s.as('rep'), '/me', /my-activity-page-.*\.js$/, [/^\/api\/v1\/dashboards\/me\?/]);
  }, 180_000);

  it('a customer: the customer and its figures, all at once', async () => {
    const id = await s.firstCustomerId();
    await firstLoad(s.admin, `/customers/${id}`, /customer-page-.*\.js$/, [
      new RegExp(`^/api/v1/directory/customers\\?id=${id}$`),
      /^\/api\/v1\/events\/histogram\?customer_id=/,
      /^\/api\/v1\/analytics\/response-times\?customer_id=/,
      /^\/api\/v1\/analytics\/journey\?customer_id=/,
    ]);
  }, 120_000);

  it("a saved timeline by its link, and a rep's landing on their default timeline: its first page", async () => {
    const rep = s.as('rep');
    const saved = await s.apiAs(rep)<{ id: string }>('/timelines/default');
    const page = new RegExp(`^/api/v1/timelines/${saved.id}/events\\?limit=50$`);
    await firstLoad(rep, `/timeline?timeline=${saved.id}`, /timeline-page-.*\.js$/, [page]);
    // Which timeline is the rep's is known only when /timelines/default answers: its page comes then.
    await firstLoad(rep, '/timeline', /timeline-page-.*\.js$/, [/^\/api\/v1\/timelines\/default$/], [page]);
  }, 120_000);
});
