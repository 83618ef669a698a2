/**
 * The hardening a browser sees: stored text shows as characters (a title or description holding
 * markup never becomes markup), every page runs under the content-security policy without a single
 * violation (the API docs included; charts render as SVG), and the big chart chunk arrives
 * compressed.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminSession, settled, shoot } from './browser.js';

const s = adminSession();
const { base } = s;

/** A page that records CSP violations and script errors (and any `window.__pwned` set by injected markup). */
async function watchedPage(path: string): Promise<{ page: Page; violations: string[] }> {
  const page = await s.signedInPage(s.admin);
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(`${base}${path}`);
  return { page, violations };
}

const cspViolations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);

describe('stored text renders as text', () => {
  it('shows a title and description holding <script> and <img onerror> literally, and runs nothing', async () => {
    const marker = `${Date.now()}`;
    const title = `<img src=x onerror="window.__pwned='img'"><script>window.__pwned='script'</script> ${marker}`;
    const description = `<b>bold?</b><svg onload="window.__pwned='svg'"></svg><a href="javascript:window.__pwned='link'">click</a>`;
    const customerId = await s.firstCustomerId();
    await s.api('/events', {
      method: 'POST',
      body: JSON.stringify({
        customer_id: customerId,
        user_id: s.admin.user_id,
        event_type: 'note',
        event_source: 'manual',
        event_title: title,
        event_description: description,
        event_timestamp: new Date().toISOString(),
      }),
    });

    const { page, violations } = await watchedPage('/timeline?type=note');
    const row = page.locator('.event-row', { hasText: marker });
    await row.first().waitFor({ timeout: 60_000 });
    await settled(page);
    expect(await row.locator('.event-title').first().textContent()).toBe(title);
    await row.first().click();
    await page.locator('#drawer-title', { hasText: marker }).waitFor();
    expect(await page.locator('#drawer-title').textContent()).toBe(title);
    await page.locator('.drawer .description').waitFor();
    expect(await page.locator('.drawer .description').textContent()).toBe(description);
    await shoot(page, 'stored-markup-as-text');

    // Nothing ran, and no element came from the stored markup.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"], svg[onload], a[href^="javascript:"]').count()).toBe(0);
    expect(violations).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('content-security policy', () => {
  it('every page of the app runs under it without a violation', async () => {
    for (const path of ['/timeline', '/dashboards/executive', '/dashboards/team', '/me', '/reports']) {
      const { page, violations } = await watchedPage(path);
      await page.locator('main').first().waitFor();
      await settled(page);
      if (path === '/dashboards/executive')
        await page.locator('.echart[_echarts_instance_] svg').first().waitFor();
      await page.waitForTimeout(500);
      expect(violations, path).toEqual([]);
      expect(await cspViolations(page), path).toEqual([]);
      await page.context().close();
    }
  });

  it('the API docs (Swagger UI) render under it', async () => {
    const context = await s.browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${base}/docs`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(40);
    expect(violations).toEqual([]);
    await shoot(page, 'api-docs');
    await context.close();
  });

  it('serves the JavaScript compressed to a browser', async () => {
    const context = await s.browser.newContext();
    const page = await context.newPage();
    const encodings = new Map<string, string>();
    page.on('response', async (r) => {
      if (r.url().includes('/assets/') && r.url().endsWith('.js'))
        encodings.set(r.url(), (await r.allHeaders())['content-encoding'] ?? 'none');
    });
    await page.goto(`${base}/sign-in`);
    await page.locator('.persona-card').first().waitFor();
    expect(encodings.size).toBeGreaterThan(0);
    for (const [url, encoding] of encodings) expect(encoding, url).toMatch(/^(br|gzip)$/);
    await context.close();
  });
});
