/**
 * The main journeys in a real browser against the real server (see global-setup.ts): sign in,
 * filter, scroll, drill down, zoom, live updates, dashboards equal to the API, screenshots of every
 * page on desktop and mobile, axe-core, touch targets and the first-load time of the timeline.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminSession,
  api,
  DESKTOP,
  horizontalOverflow,
  launch,
  MOBILE,
  type Persona,
  seriousViolations,
  settled,
  shoot,
  signedInContext,
  smallTargets,
} from './browser.js';

const s = adminSession();
const { base } = s;
const digits = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''));

const ingest = (title: string) => s.ingestCall({ event_title: title, status: 'active' });

describe('sign-in', () => {
  it('shows a card per persona (name, role, team) and signs in with one', async () => {
    for (const [viewport, suffix] of [
      [DESKTOP, 'desktop'],
      [MOBILE, 'mobile'],
    ] as const) {
      const context = await s.browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${base}/timeline?type=call`);
      await page.waitForURL(/\/sign-in/);
      const cards = page.locator('.persona-card');
      await cards.first().waitFor();
      expect(await cards.count()).toBe(s.personas.filter((p) => p.role !== 'integration').length);
      await expect
        .poll(() => page.locator('.persona-card', { hasText: 'Sales West' }).count())
        .toBeGreaterThan(0);
      await shoot(page, `sign-in-${suffix}`);
      expect(await seriousViolations(page)).toEqual([]);
      if (viewport === MOBILE) expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      if (viewport === DESKTOP) {
        await page.locator('.persona-card', { hasText: s.admin.name }).click();
        await page.waitForURL(/\/timeline\?type=call/); // back where the user wanted to go
        await page.locator('.event-row').first().waitFor();
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL(/\/sign-in/);
      }
      await context.close();
    }
  });

  it('renews a demo session whose token expired instead of signing out', async () => {
    const context = await s.browser.newContext({ viewport: DESKTOP });
    // What a tab signed in as a persona holds once its token has expired (the server refuses it).
    await context.addInitScript((p) => {
      if (sessionStorage.getItem('crm-timeline.token')) return; // renewed already: keep that one
      localStorage.setItem('crm-timeline.token', 'an-expired-token');
      localStorage.setItem('crm-timeline.persona', p);
    }, JSON.stringify(s.admin));
    const page = await context.newPage();
    const renewals: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/demo/session')) renewals.push(r.method());
    });
    await page.goto(`${base}/timeline`);
    await page.locator('.event-row').first().waitFor();
    expect(page.url()).toContain('/timeline');
    expect(renewals).toEqual(['POST']); // once, however many requests met the 401
    const stored = await page.evaluate(() => sessionStorage.getItem('crm-timeline.token'));
    expect(stored).not.toBe('an-expired-token');
    await context.close();
  });

  it('says clearly when the token has expired or is not accepted', async () => {
    const context = await s.browser.newContext({ viewport: DESKTOP });
    await context.addInitScript(() => localStorage.setItem('crm-timeline.token', 'not-a-valid-token'));
    const page = await context.newPage();
    await page.goto(`${base}/timeline`);
    await page.getByText('Your session has expired').waitFor();
    await context.close();
  });
});

describe('token hand-off from a host CRM (postMessage, README)', () => {
  /**
   * The host CRM: a page on another origin (localhost vs 127.0.0.1, both loopback: Chromium refuses
   * to frame a local server from a public origin) that frames the app and answers its ready message.
   */
  async function hostPage(html: string) {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://localhost:${port}/crm`, close: () => server.close() };
  }

  it('signs in with the token the embedding page posts after "ready", and ignores other windows', async () => {
    const token = await s.token(s.admin);
    const host = await hostPage(`<!doctype html><title>CRM</title>
<iframe id="app" title="Timeline" src="${base}/timeline?type=call" style="width:1200px;height:800px"></iframe>
<script>
  window.readyFrom = null;
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'crm-timeline:ready' && e.origin === ${JSON.stringify(base)}) {
      window.readyFrom = e.origin;
      e.source.postMessage({ type: 'crm-timeline:token', token: ${JSON.stringify(token)} }, ${JSON.stringify(base)});
    }
  });
</script>`);
    const context = await s.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const auth: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${base}/api/v1/events`)) auth.push(r.headers().authorization ?? '');
    });
    await page.goto(host.url);
    const frame = page.frameLocator('#app');
    await frame.locator('.event-row').first().waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { readyFrom: string }).readyFrom)).toBe(base);
    // Back where the host pointed it, with its filter, although the framed app may not use storage.
    const app = page.frames().find((f) => f.url().startsWith(base));
    expect(app?.url()).toMatch(/\/timeline\?type=call/);
    expect(new Set(await frame.locator('.event-row .event-type').allTextContents())).toEqual(
      new Set(['Call']),
    );
    await shoot(page, 'hand-off-iframe-desktop');

    // A token posted by any other window (here the app to itself) is ignored: later requests still
    // carry the host's token.
    const other = await s.token(s.as('rep'));
    await app?.evaluate((t) => window.postMessage({ type: 'crm-timeline:token', token: t }, '*'), other);
    await page.waitForTimeout(300);
    auth.length = 0;
    await frame.getByLabel('Search activities, customers and people').fill('call');
    await expect.poll(() => auth.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(new Set(auth)).toEqual(new Set([`Bearer ${token}`]));
    await context.close();
    host.close();
  });
});

describe('timeline', () => {
  let page: Page;
  beforeAll(async () => {
    page = await s.signedInPage(s.admin);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('loads fast on first visit (navigation timing printed)', async () => {
    const fresh = await s.signedInPage(s.admin);
    await fresh.goto(`${base}/timeline`);
    await fresh.locator('.event-row').first().waitFor();
    const firstRowsAt = await fresh.evaluate(() => performance.now());
    const nav = await fresh.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { ttfb: n.responseStart, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    console.log(
      `[timeline first load] TTFB ${nav.ttfb.toFixed(0)} ms, DOMContentLoaded ${nav.domContentLoaded.toFixed(0)} ms, load ${nav.load.toFixed(0)} ms, first rows visible ${firstRowsAt.toFixed(0)} ms (target < 1500 ms)`,
    );
    expect(nav.load).toBeGreaterThan(0);
    await fresh.context().close();
  });

  it('filters by type through the filter bar, with the filter in the URL', async () => {
    await page.goto(`${base}/timeline`);
    await page.locator('.event-row').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'timeline-desktop');
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByRole('group', { name: 'Type' }).getByLabel('Email', { exact: true }).click();
    await page.waitForURL(/type=email/);
    await page.getByRole('button', { name: 'Show results' }).click();
    await expect
      .poll(async () => new Set(await page.locator('.event-row .event-type').allTextContents()))
      .toEqual(new Set(['Email']));
    await page.getByRole('button', { name: /Remove filter Type: Email/ }).waitFor();
    // Search narrows further and is in the URL too.
    await page.getByLabel('Search activities, customers and people').fill('Product');
    await page.waitForURL(/q=Product/);
    await expect
      .poll(async () => {
        const titles = await page.locator('.event-row .event-title').allTextContents();
        return titles.length > 0 && titles.every((t) => /product/i.test(t));
      })
      .toBe(true);
  });

  it('loads the next page by cursor when scrolled to the end', async () => {
    await page.goto(`${base}/timeline?type=call`);
    await page.locator('.event-row').first().waitFor();
    const count = () => page.locator('.list-count').textContent();
    expect(await count()).toMatch(/^50\+/);
    const next = page.waitForRequest(
      (r) => r.url().includes('/api/v1/events?') && r.url().includes('cursor='),
    );
    await page.locator('[data-testid=timeline-scroll]').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await next;
    await expect.poll(count).toMatch(/^100\+/);
    // Still only a window of rows in the DOM (virtualized).
    expect(await page.locator('.event-row').count()).toBeLessThan(60);
  });

  it('opens the drill-down with the keyboard, shows the customer history, closes with Escape', async () => {
    await page.goto(`${base}/timeline`);
    const first = page.locator('.event-row').first();
    await first.waitFor();
    await first.focus();
    await page.keyboard.press('ArrowDown');
    const firstId = await first.getAttribute('data-event-id');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement).dataset.eventId);
    await expect.poll(focused).not.toBe(firstId); // focus moves in the next animation frame
    const focusedId = await focused();
    expect(focusedId).toBeTruthy();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.waitForURL(new RegExp(`event=${focusedId}`));
    await dialog.getByText(/Recent history with/).waitFor();
    await dialog.locator('.history li').first().waitFor();
    expect(await dialog.getByRole('link', { name: "Customer's timeline" }).getAttribute('href')).toMatch(
      /customer_id=/,
    );
    await settled(page);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'timeline-drawer-desktop');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(page.url()).not.toMatch(/event=/);
    // Focus returns to the row once the dialog has unmounted (a frame later, like the arrow key).
    await expect.poll(focused).toBe(focusedId);
  });

  it('zooms the overview strip with the mouse wheel and the list follows the range', async () => {
    await page.goto(`${base}/timeline`);
    await page.locator('.event-row').first().waitFor();
    const chart = page.locator('.overview .echart[_echarts_instance_]'); // the chart, not its lazy placeholder
    await chart.waitFor();
    const box = await chart.boundingBox();
    if (!box) throw new Error('no overview chart');
    await page.mouse.move(box.x + box.width * 0.3, box.y + 50);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -300);
    await page.waitForURL(/from=.*to=|to=.*from=/);
    const url = new URL(page.url());
    const to = url.searchParams.get('to') as string;
    await expect
      .poll(async () => {
        const t = await page.locator('.event-row time').first().getAttribute('datetime');
        return t !== null && t < to;
      })
      .toBe(true);
    await shoot(page, 'timeline-zoomed-desktop');
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect.poll(() => page.url()).not.toMatch(/from=/);
  });

  it('zooms the overview strip with a two-finger pinch on a touch screen', async () => {
    // A browser that reports touch support like a phone (ECharts listens to touch events only then).
    const phone = await launch(['--touch-events=enabled']);
    const context = await signedInContext(phone, base, s.admin, MOBILE);
    const touch = await context.newPage();
    await touch.goto(`${base}/timeline`);
    await touch.locator('.event-row').first().waitFor();
    const chart = touch.locator('.overview .echart[_echarts_instance_]');
    await chart.waitFor();
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error('no overview chart');
    // Chromium's own gesture synthesizer sends a realistic stream of two-finger touch events.
    // (Hand-made Input.dispatchTouchEvent moves arrive twice each here, and ECharts reads an unchanged
    // finger distance as a zoom-out step, so they cancel out.)
    const cdp = await context.newCDPSession(touch);
    await cdp.send('Input.synthesizePinchGesture', {
      x: box.x + box.width / 2,
      y: box.y + Math.min(40, box.height / 2),
      scaleFactor: 3,
      relativeSpeed: 400,
      gestureSourceType: 'touch',
    });
    await touch.waitForURL(/from=.*to=|to=.*from=/);
    const url = new URL(touch.url());
    const span =
      Date.parse(url.searchParams.get('to') as string) - Date.parse(url.searchParams.get('from') as string);
    const whole = await s.api<{ from: string; to: string }>('/events/histogram');
    expect(span).toBeGreaterThan(0);
    expect(span).toBeLessThan(Date.parse(whole.to) - Date.parse(whole.from)); // zoomed in
    // The chart took the gesture: the page itself was not zoomed.
    expect(await touch.evaluate(() => window.visualViewport?.scale)).toBe(1);
    const to = url.searchParams.get('to') as string;
    await expect
      .poll(async () => {
        const t = await touch.locator('.event-row time').first().getAttribute('datetime');
        return t !== null && t < to;
      })
      .toBe(true);
    await shoot(touch, 'timeline-pinched-mobile');
    await phone.close();
  });

  it('shows a live event at once at the top, an "N new" pill when scrolled away, and status changes in place', async () => {
    await page.goto(`${base}/timeline`);
    await page.locator('.event-row').first().waitFor();
    await page.locator('.live-status', { hasText: 'Live' }).waitFor({ timeout: 30_000 });
    const first = await ingest(`E2E live call ${Date.now()}`);
    const row = page.locator(`[data-event-id="${first.id}"]`);
    await row.waitFor({ timeout: 20_000 });

    await page.locator('[data-testid=timeline-scroll]').evaluate((el) => el.scrollTo(0, 2000));
    const second = await ingest(`E2E second live call ${Date.now()}`);
    const pill = page.getByRole('button', { name: /1 new activity/ });
    await pill.waitFor({ timeout: 20_000 });
    await shoot(page, 'timeline-live-pill-desktop');
    await pill.click();
    await page.locator(`[data-event-id="${second.id}"]`).waitFor();

    await s.api(`/events/${second.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'cancelled' }),
    });
    await expect
      .poll(() => page.locator(`[data-event-id="${second.id}"] .status`).textContent(), { timeout: 20_000 })
      .toBe('Cancelled');
  });
});

describe('dashboards show the API numbers', () => {
  async function open(persona: Persona, path: string, match: (url: string) => boolean) {
    const page = await s.signedInPage(persona);
    const response = page.waitForResponse((r) => match(r.url()) && r.status() === 200);
    await page.goto(`${base}${path}`);
    const requestUrl = (await response).url();
    await settled(page);
    return { page, requestUrl, token: await s.token(persona) };
  }
  const apiPath = (url: string) => url.slice(url.indexOf('/api/v1') + '/api/v1'.length);

  /** Requests to the KPI endpoints while a dashboard loads (the bundle replaces them all). */
  function kpiRequests(page: Page) {
    const urls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/analytics/')) urls.push(r.url());
    });
    return urls;
  }

  it('executive: one bundle request; the tiles equal GET /dashboards/executive', async () => {
    const exec = s.as('executive');
    const { page, requestUrl, token } = await open(exec, '/dashboards/executive', (u) =>
      u.includes('/api/v1/dashboards/executive'),
    );
    const bundle = await api<{
      volume: { total: number };
      productivity: { totals: { customers_touched: number } };
    }>(base, token, apiPath(requestUrl));
    expect(digits(await page.getByTestId('kpi-activities').locator('[data-value]').textContent())).toBe(
      bundle.volume.total,
    );
    expect(digits(await page.getByTestId('kpi-customers').locator('[data-value]').textContent())).toBe(
      bundle.productivity.totals.customers_touched,
    );
    // Every figure names its unit and period, and the page says how fresh the analytics are.
    expect(await page.getByTestId('kpi-activities').textContent()).toMatch(/events.*last 30 days/);
    expect(await page.locator('.as-of').textContent()).toMatch(/^Data as of \d/);
    expect((bundle as unknown as { freshness: { seq: number } }).freshness.seq).toBeGreaterThan(0);
    // The bundle equals the KPI endpoint for the same period (the page no longer asks it).
    const from = new URL(requestUrl).searchParams.get('from') as string;
    const volume = await api<{ total: number }>(
      base,
      token,
      `/analytics/volume?from=${encodeURIComponent(from)}&to=${encodeURIComponent((bundle as unknown as { period: { to: string } }).period.to)}`,
    );
    expect(volume.total).toBe(bundle.volume.total);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'executive-desktop');
    // Drill-down: a click on the channel pie's ring opens the timeline filtered to that type.
    const pie = page.getByRole('img', { name: 'Events by activity type' });
    await pie.locator('path').first().waitFor();
    const box = await pie.boundingBox();
    if (!box) throw new Error('no channel chart');
    const r = (Math.min(box.width, box.height) / 2) * 0.48; // between the 35 % and 60 % radii
    await page.mouse.click(box.x + box.width / 2 + r, box.y + box.height * 0.45);
    await page.waitForURL(/\/timeline\?.*type=/);
    await page.locator('.event-row').first().waitFor();
    const type = new URL(page.url()).searchParams.get('type');
    expect(new Set(await page.locator('.event-row .event-type').allTextContents()).size).toBe(1);
    expect(type).toBeTruthy();
    await page.context().close();
  });

  it('executive, team, my activity: no KPI endpoint is called besides the bundle', async () => {
    const lead = s.as('team_lead');
    const page = await s.signedInPage(lead);
    const kpi = kpiRequests(page);
    const bundles: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/dashboards/')) bundles.push(new URL(r.url()).pathname);
    });
    for (const path of ['/dashboards/executive', '/dashboards/team', '/me']) {
      await page.goto(`${base}${path}`);
      await settled(page);
    }
    expect(kpi).toEqual([]);
    expect(bundles).toEqual([
      '/api/v1/dashboards/executive',
      `/api/v1/dashboards/team/${lead.team_id}`,
      '/api/v1/dashboards/me',
    ]);
    await page.context().close();
  });

  it('team: team activities and members equal GET /dashboards/team/:id', async () => {
    const lead = s.as('team_lead');
    const { page, requestUrl, token } = await open(lead, '/dashboards/team', (u) =>
      u.includes('/api/v1/dashboards/team/'),
    );
    const bundle = await api<{
      productivity: { teams: Array<{ team_id: string; activities: number; member_count: number }> };
    }>(base, token, apiPath(requestUrl));
    const team = bundle.productivity.teams.find((t) => t.team_id === lead.team_id);
    expect(team).toBeTruthy();
    expect(digits(await page.getByTestId('team-activities').locator('[data-value]').textContent())).toBe(
      team?.activities,
    );
    expect(digits(await page.getByTestId('team-members').locator('[data-value]').textContent())).toBe(
      team?.member_count,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'team-desktop');
    await page.context().close();
  });

  it('team: a rep has no Team tab and the page explains why instead of showing errors', async () => {
    const rep = s.as('rep');
    const page = await s.signedInPage(rep);
    await page.goto(`${base}/timeline`);
    await page.locator('.event-row').first().waitFor();
    const nav = page.getByRole('navigation', { name: 'Main', exact: true });
    await expect.poll(() => nav.getByRole('link', { name: 'My activity' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Team' }).count()).toBe(0);
    await page.goto(`${base}/dashboards/team`);
    await page.getByText('Team dashboards are for team leads').waitFor();
    expect(await page.locator('.state-error').count()).toBe(0);
    await page.context().close();
  });

  it('my activity: KPIs equal GET /dashboards/me, customers equal GET /me/customers, and a goal set in the UI is stored', async () => {
    const rep = s.as('rep');
    const page = await s.signedInPage(rep);
    const bundleResponse = page.waitForResponse(
      (r) => r.url().includes('/dashboards/me') && r.status() === 200,
    );
    const customersResponse = page.waitForResponse(
      (r) => r.url().includes('/me/customers') && r.status() === 200,
    );
    await page.goto(`${base}/me`);
    const [bundleUrl, customersUrl] = [(await bundleResponse).url(), (await customersResponse).url()];
    await settled(page);
    const token = await s.token(rep);
    const bundle = await api<{
      volume: { total: number };
      productivity: {
        users: Array<{ user_id: string; activities: number; by_type: Record<string, number> }>;
      };
    }>(base, token, apiPath(bundleUrl));
    const me = bundle.productivity.users.find((u) => u.user_id === rep.user_id);
    // No goal set yet: one line saying so, not a tile per metric.
    await page.getByTestId('no-goals').waitFor();
    expect(await page.locator('[data-testid^="goal-"]').count()).toBe(0);
    expect(digits(await page.getByTestId('me-activities').locator('[data-value]').textContent())).toBe(
      bundle.volume.total,
    );
    const mine = await api<{ items: Array<{ name: string | null; events: number }> }>(
      base,
      token,
      apiPath(customersUrl),
    );
    expect(mine.items.length).toBeGreaterThan(0);
    const rows = page.getByTestId('my-customers').locator('tbody tr');
    expect(await rows.count()).toBe(mine.items.length);
    for (const [i, c] of mine.items.entries()) {
      expect(await rows.nth(i).locator('td').nth(2).textContent()).toBe(String(c.events));
    }
    await page.getByRole('button', { name: 'Set goals' }).click();
    await page.getByLabel(/^Activities per 30 days/).fill('250');
    await page.getByRole('button', { name: 'Save goals' }).click();
    await page.getByTestId('goal-activities').locator('.echart').waitFor();
    expect(digits(await page.getByTestId('goal-activities').locator('[data-value]').textContent())).toBe(
      me?.activities ?? 0,
    );
    expect(await page.locator('[data-testid^="goal-"]').count()).toBe(1); // only the goal that was set
    expect(await api(base, token, '/me/preferences')).toEqual({ goals: { activities: 250 } });
    await settled(page);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'my-activity-desktop');
    await page.context().close();
  });

  it('my activity: a heatmap cell opens the timeline filtered to exactly that weekday × hour (browser zone)', async () => {
    const rep = s.as('rep');
    const tz = 'America/New_York';
    const page = await s.signedInPage(rep, { timezoneId: tz });
    const bundleResponse = page.waitForResponse(
      (r) => r.url().includes('/dashboards/me') && r.status() === 200,
    );
    await page.goto(`${base}/me`);
    const bundleUrl = (await bundleResponse).url();
    expect(new URL(bundleUrl).searchParams.get('tz')).toBe(tz);
    await settled(page);
    const token = await s.token(rep);
    const bundle = await api<{ patterns: { heatmap: { values: number[][] } } }>(
      base,
      token,
      apiPath(bundleUrl),
    );
    // The busiest cell, in the page's rows (Monday first; the API's rows start on Sunday).
    let best = { row: 0, hour: 0, n: -1 };
    for (let row = 0; row < 7; row++)
      for (let hour = 0; hour < 24; hour++) {
        const n = bundle.patterns.heatmap.values[(row + 1) % 7]?.[hour] ?? 0;
        if (n > best.n) best = { row, hour, n };
      }
    expect(best.n).toBeGreaterThan(0);
    const chart = page.getByRole('img', { name: 'Heatmap of your events by weekday and hour' });
    await chart.locator('path, rect').first().waitFor();
    // The click goes to viewport coordinates: with more cards above it (saved timelines the
    // file's earlier tests made), the heatmap sat below the fold and the click hit nothing.
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error('no heatmap');
    // The grid of heatmapOption: left 40, right 12, top 8, bottom 90.
    const cellW = (box.width - 52) / 24;
    const cellH = (box.height - 98) / 7;
    await page.mouse.click(box.x + 40 + (best.hour + 0.5) * cellW, box.y + 8 + (best.row + 0.5) * cellH);
    await page.waitForURL(/\/timeline\?.*weekday=/);
    const url = new URL(page.url());
    expect(url.searchParams.get('weekday')).toBe(String(best.row + 1));
    expect(url.searchParams.get('hour')).toBe(String(best.hour));
    expect(url.searchParams.get('tz')).toBe(tz);
    await page.locator('.event-row').first().waitFor();
    await page.getByRole('button', { name: /Remove filter Weekday: / }).waitFor();
    // Every listed event is on that weekday and hour in New York time, and the list is the API's.
    const times = await page
      .locator('.event-row time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime') as string));
    const names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    for (const t of times) {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        weekday: 'short',
        hour: 'numeric',
        hourCycle: 'h23',
      }).formatToParts(new Date(t));
      expect(parts.find((p) => p.type === 'weekday')?.value).toBe(names[best.row]);
      expect(Number(parts.find((p) => p.type === 'hour')?.value)).toBe(best.hour);
    }
    const expected = await api<{ items: Array<{ id: string }> }>(
      base,
      token,
      `/events?user_id=${rep.user_id}&from=${encodeURIComponent(url.searchParams.get('from') ?? '')}&weekday=${best.row + 1}&hour=${best.hour}&tz=${encodeURIComponent(tz)}&limit=50`,
    );
    const shown = await page
      .locator('.event-row')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.eventId));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(expected.items.slice(0, shown.length).map((e) => e.id));
    await shoot(page, 'timeline-heatmap-drill-desktop');
    await page.context().close();
  });

  it('customer: touchpoints equal /events/histogram; a chart click drills down to the timeline', async () => {
    const customerId = await s.firstCustomerId();
    const id = customerId as string;
    const { page, requestUrl, token } = await open(s.admin, `/customers/${id}?range=90d`, (u) =>
      u.includes('/events/histogram'),
    );
    const histogram = await api<{ total: number }>(base, token, apiPath(requestUrl));
    expect(digits(await page.getByTestId('cust-touchpoints').locator('[data-value]').textContent())).toBe(
      histogram.total,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'customer-desktop');
    await page.getByRole('link', { name: "Customer's timeline" }).first().click();
    await page.waitForURL(new RegExp(`/timeline\\?customer_id=${id}`));
    await page.locator('.event-row').first().waitFor();
    await page.context().close();
  });
});

describe('mobile 375×812', () => {
  const pages: Array<[string, string]> = [
    ['timeline', '/timeline'],
    ['executive', '/dashboards/executive'],
    ['team', '/dashboards/team'],
    ['my-activity', '/me'],
  ];
  it('every page fits without horizontal scrolling, with ≥ 44 px touch targets; the filter bar is a sheet', async () => {
    const page = await s.signedInPage(s.admin, { viewport: MOBILE });
    const customerId = await s.firstCustomerId();
    for (const [name, path] of [...pages, ['customer', `/customers/${customerId}`] as [string, string]]) {
      await page.goto(`${base}${path}`);
      await settled(page);
      await page.waitForTimeout(300);
      expect(await horizontalOverflow(page), name).toBeLessThanOrEqual(0);
      expect(await smallTargets(page), name).toEqual([]);
      expect(await seriousViolations(page), name).toEqual([]);
      await shoot(page, `${name}-mobile`);
    }
    await page.goto(`${base}/timeline`);
    await page.locator('.event-row').first().waitFor();
    await page.getByRole('button', { name: /^Filters/ }).click();
    const sheet = page.locator('#filter-panel');
    await sheet.waitFor();
    const box = await sheet.boundingBox();
    expect(box && Math.round(box.y + box.height)).toBe(MOBILE.height); // docked at the bottom
    await shoot(page, 'timeline-filters-mobile');
    await page.getByRole('button', { name: 'Show results' }).click();
    await page.locator('.event-row').first().click();
    await page
      .getByRole('dialog')
      .getByText(/Recent history with/)
      .waitFor();
    await settled(page);
    await shoot(page, 'timeline-drawer-mobile');
    await page.context().close();
  });
});
