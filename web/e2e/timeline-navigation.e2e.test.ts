/**
 * The timeline as a navigator (issue 16): the overview strip re-buckets as the range narrows, has a
 * legend and a tooltip with the bucket's range and total, snaps to whole local days and loads with
 * the list; day headers stick and say "Yesterday"; one time zone (the company's, or the user's
 * choice) on the page; presets; search that finds customers (⌘K palette, search box, type-ahead
 * pickers); the list is one Tab stop; the filter sheet is a dialog; scroll resets on navigation.
 * The browser runs in UTC, the demo company in America/New_York: every time must be New York's.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminSession, DESKTOP, MOBILE, seriousViolations, settled, shoot } from './browser.js';

const s = adminSession();
const { base } = s;
const NY = 'America/New_York';
/** The browser runs in UTC and US English, so only the app can bring New York's times to the page. */
const inUtc = { locale: 'en-US', timezoneId: 'UTC' } as const;

const pageAt = (path: string, viewport = DESKTOP, persona = s.admin): Promise<Page> =>
  s.openTimeline(persona, path, { ...inUtc, viewport });

/** Wall-clock fields of an instant in New York, computed here independently of the app. */
function nyParts(ms: number) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: NY,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hm: `${parts.hour}:${parts.minute}` };
}

/** The instant New York's day `ymd` starts (scan the hours around it). */
function nyMidnight(ymd: string): number {
  const guess = Date.parse(`${ymd}T00:00:00Z`);
  for (let h = 0; h <= 8; h++) {
    const at = guess + h * 3600e3;
    if (nyParts(at).day === ymd && nyParts(at).hm === '00:00') return at;
  }
  throw new Error(`no midnight for ${ymd}`);
}

const subtitle = (page: Page) => page.locator('.overview .card-head p').textContent();

describe('overview strip', () => {
  it('re-buckets as the range narrows (week → day → hour), with a legend and a tooltip of range and total', async () => {
    const whole = await s.api<{ bucket: string; from: string; to: string }>('/events/histogram');
    const page = await pageAt('/timeline?range=all');
    await expect.poll(() => subtitle(page)).toMatch(new RegExp(`^Events per ${whole.bucket} `));
    expect(whole.bucket).toMatch(/week|month/);
    // The legend names the types drawn (SVG text).
    await page.locator('.overview .echart[_echarts_instance_] svg').waitFor();
    await expect
      .poll(() => page.locator('.overview svg text').allTextContents())
      .toEqual(expect.arrayContaining(['Call', 'Email']));

    // Zoom to the last 7 whole New York days of the data: day buckets, asked for with bucket=auto.
    const toMs = nyMidnight(nyParts(Date.parse(whole.to) - 1).day);
    const toIso = new Date(toMs).toISOString();
    const fromIso = new Date(nyMidnight(nyParts(toMs - 6.5 * 86400e3).day)).toISOString();
    const asked = page.waitForRequest(
      (r) =>
        r.url().includes('/events/histogram') && r.url().includes('from=') && r.url().includes('bucket=auto'),
    );
    await page.goto(`${base}/timeline?from=${fromIso}&to=${toIso}`);
    await asked;
    await expect.poll(() => subtitle(page)).toMatch(/^Events per day /);
    // The tooltip of a bar: the bucket's day and its total.
    const chart = page.locator('.overview .echart[_echarts_instance_]');
    const box = await chart.boundingBox();
    if (!box) throw new Error('no chart');
    await page.mouse.move(box.x + box.width * 0.6, box.y + 100);
    const tip = page.locator('.overview .echart div', { hasText: 'Total:' }).last();
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(
      /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d+, \d{4}Total: \d+/,
    );
    await shoot(page, 'overview-days-desktop');

    // One day: hour buckets.
    const dayFrom = new Date(nyMidnight(nyParts(toMs - 12 * 3600e3).day)).toISOString();
    await page.goto(`${base}/timeline?from=${dayFrom}&to=${toIso}`);
    await expect.poll(() => subtitle(page)).toMatch(/^Events per hour /);
    await page.context().close();
  });

  it('snaps a wheel zoom to whole New York days and asks for the strip with the list, not after it', async () => {
    const page = await s.signedInPage(s.admin, inUtc);
    const started: Record<string, number> = {};
    const finished: Record<string, number> = {};
    page.on('request', (r) => {
      const kind = r.url().includes('/events/histogram')
        ? 'histogram'
        : /\/api\/v1\/events\?/.test(r.url())
          ? 'events'
          : '';
      if (kind && !(kind in started)) started[kind] = Date.now();
    });
    page.on('requestfinished', (r) => {
      if (/\/api\/v1\/events\?/.test(r.url()) && !('events' in finished)) finished.events = Date.now();
    });
    await page.goto(`${base}/timeline?range=all`);
    await page.locator('.event-row').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => 'histogram' in started).toBe(true);
    // In parallel: the strip's request left before the list's first page had come back.
    expect(started.histogram).toBeLessThanOrEqual(finished.events as number);

    const chart = page.locator('.overview .echart[_echarts_instance_]');
    await chart.waitFor();
    const box = await chart.boundingBox();
    if (!box) throw new Error('no chart');
    await page.mouse.move(box.x + box.width * 0.5, box.y + 80);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -300);
    await page.waitForURL(/from=.*to=|to=.*from=/);
    const url = new URL(page.url());
    const from = Date.parse(url.searchParams.get('from') as string);
    const to = Date.parse(url.searchParams.get('to') as string);
    if (to - from >= 2 * 86400e3) {
      expect(nyParts(from).hm).toBe('00:00');
      expect(nyParts(to).hm).toBe('00:00');
    } else {
      expect(nyParts(from).hm).toMatch(/:00$/);
      expect(nyParts(to).hm).toMatch(/:00$/);
    }
    await page.context().close();
  });
});

describe('day headers, rows and one time zone', () => {
  it('groups and formats in the company’s zone in a UTC browser, says "Yesterday", sticks the day while scrolling', async () => {
    const page = await pageAt('/timeline?range=all');
    await page.getByLabel('Times in').waitFor();
    expect(await page.getByLabel('Times in').inputValue()).toBe(NY);
    // Each row's time is New York's wall clock.
    const rows = await page
      .locator('.event-row time')
      .evaluateAll((els) =>
        els.slice(0, 10).map((e) => ({ at: e.getAttribute('datetime') as string, text: e.textContent })),
      );
    for (const r of rows) {
      const expected = new Intl.DateTimeFormat('en-US', {
        timeZone: NY,
        hour: '2-digit',
        minute: '2-digit',
      }).format(Date.parse(r.at));
      expect(r.text).toBe(expected);
    }
    // The first day header: New York's day of the first row, with its relative name.
    const first = Date.parse(rows[0]?.at as string);
    const heading = await page.locator('.day-head').first().textContent();
    const dayText = new Intl.DateTimeFormat('en-US', {
      timeZone: NY,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(first);
    expect(heading).toContain(dayText);
    const ago = Math.round((nyMidnight(nyParts(Date.now()).day) - nyMidnight(nyParts(first).day)) / 86400e3);
    const relative = ago === 0 ? 'Today' : ago === 1 ? 'Yesterday' : ago <= 13 ? `${ago} days ago` : '';
    if (relative) expect(heading?.startsWith(`${relative} · `)).toBe(true);

    // Scrolled down, the day of the top row stays visible at the top of the list.
    await page.locator('[data-testid=timeline-scroll]').evaluate((el) => el.scrollTo(0, 1500));
    const sticky = page.locator('.day-sticky-head');
    await sticky.waitFor();
    const listTop = (await page.locator('[data-testid=timeline-scroll]').boundingBox())?.y ?? 0;
    expect(Math.abs(((await sticky.boundingBox())?.y ?? -99) - listTop)).toBeLessThan(2);
    expect(await sticky.textContent()).toMatch(/\w+day, \w+ \d+, \d{4}/);
    await shoot(page, 'timeline-sticky-day-desktop');

    // A chip of an explicit range is written in the same zone.
    const fromIso = new Date(nyMidnight(nyParts(first).day)).toISOString();
    await page.goto(`${base}/timeline?from=${fromIso}`);
    await page.locator('.chip', { hasText: 'From:' }).waitFor();
    expect(await page.locator('.chip', { hasText: 'From:' }).textContent()).toContain('12:00 AM');
    await page.context().close();
  });

  it('follows the user’s chosen zone (a stored preference) in rows and headers', async () => {
    const rep = s.as('rep');
    const page = await pageAt('/timeline?range=all', DESKTOP, rep);
    await page.getByLabel('Times in').selectOption('Asia/Tokyo');
    await expect
      .poll(async () => (await s.apiAs(rep)<{ time_zone?: string }>('/me/preferences')).time_zone)
      .toBe('Asia/Tokyo');
    await expect
      .poll(async () => {
        const t = page.locator('.event-row time').first();
        const at = await t.getAttribute('datetime');
        const text = await t.textContent();
        return (
          text ===
          new Intl.DateTimeFormat('en-US', {
            timeZone: 'Asia/Tokyo',
            hour: '2-digit',
            minute: '2-digit',
          }).format(Date.parse(at as string))
        );
      })
      .toBe(true);
    await s.apiAs(rep)('/me/preferences', { method: 'PUT', body: JSON.stringify({}) });
    await page.context().close();
  });

  it('shows the time of day on phone rows too', async () => {
    const page = await pageAt('/timeline?range=all', MOBILE);
    const time = page.locator('.event-row time').first();
    expect(await time.isVisible()).toBe(true);
    expect(await time.textContent()).toMatch(/^\d\d:\d\d [AP]M$/);
    await page.context().close();
  });
});

describe('date presets', () => {
  it('offers the usual presets and resolves them to New York calendar periods', async () => {
    const page = await pageAt('/timeline?range=all');
    const select = page.getByLabel('Date range');
    expect(await select.locator('option').allTextContents()).toEqual([
      'Today',
      'Yesterday',
      'This week',
      'Last week',
      'This month',
      'Last month',
      'This quarter',
      'Last 7 days',
      'Last 30 days',
      'Last 90 days',
      'Last 12 months',
      'All time',
      'Custom…',
    ]);
    const asked = page.waitForRequest((r) => /\/api\/v1\/events\?.*from=/.test(r.url()));
    await select.selectOption('yesterday');
    const url = new URL((await asked).url());
    const today = nyParts(Date.now()).day;
    const todayStart = nyMidnight(today);
    const yesterday = nyParts(todayStart - 3600e3).day;
    expect(url.searchParams.get('from')).toBe(new Date(nyMidnight(yesterday)).toISOString());
    expect(url.searchParams.get('to')).toBe(new Date(todayStart).toISOString());
    // Custom shows two dates to edit.
    await select.selectOption('custom');
    await page.getByLabel('First day').waitFor();
    await page.getByLabel('Last day').fill(today);
    await expect
      .poll(() => new URL(page.url()).searchParams.get('to'))
      .toBe(new Date(nyMidnight(nyParts(todayStart + 30 * 3600e3).day)).toISOString());
    await page.context().close();
  });
});

describe('finding things', () => {
  it('⌘K / Ctrl-K searches customers, people and activity titles; picking a customer opens their timeline', async () => {
    const customers = await s.api<{ items: Array<{ id: string; name: string }> }>(
      '/directory/customers?limit=5',
    );
    const target = customers.items[3] as { id: string; name: string };
    const page = await pageAt('/timeline');
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: /Search customers, people and activities/ });
    await palette.waitFor();
    await page.keyboard.type(target.name);
    const option = palette.getByRole('option', { name: new RegExp(`^${target.name}`) }).first();
    await option.waitFor();
    expect(await palette.getByText('Customers', { exact: true }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'palette-desktop');
    await option.click();
    await page.waitForURL(new RegExp(`customer_id=${target.id}`));
    // The list that was on screen before the pick may still be there, or be replaced by the
    // loading state, when the URL has changed: poll until the customer's own rows are shown.
    // An empty list would match "every row" too, hence the count.
    await expect
      .poll(
        async () => {
          const names = await page.locator('.event-row .event-meta').allTextContents();
          return names.length > 0 && names.every((t) => t.includes(target.name));
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await page.context().close();

    const phone = await pageAt('/timeline', MOBILE);
    await phone.getByRole('button', { name: /^Search/ }).click();
    await phone.getByRole('dialog', { name: /Search customers/ }).waitFor();
    await phone.keyboard.type(target.name.split(' ')[0] as string);
    await phone.getByRole('option').first().waitFor();
    await shoot(phone, 'palette-mobile');
    await phone.context().close();
  });

  it('the search box finds a customer by name, and the customer filter is a server-side type-ahead', async () => {
    const customers = await s.api<{ items: Array<{ id: string; name: string }> }>(
      '/directory/customers?limit=500',
    );
    const target = customers.items.at(-1) as { id: string; name: string };
    const page = await pageAt('/timeline?range=all');
    await page.getByLabel('Search activities, customers and people').fill(target.name);
    const suggestion = page
      .getByRole('listbox', { name: 'Matching customers and people' })
      .getByRole('option', { name: `Customer ${target.name}` });
    await suggestion.waitFor();
    await suggestion.click();
    await page.waitForURL(new RegExp(`customer_id=${target.id}`));
    await page.locator('.chip', { hasText: `Customer: ${target.name}` }).waitFor();

    await page.goto(`${base}/timeline?range=all`);
    await page.locator('.event-row').first().waitFor();
    await page.getByRole('button', { name: /^Filters/ }).click();
    const picker = page.getByRole('combobox', { name: 'Customer', exact: true });
    const searched = page.waitForRequest(
      (r) => r.url().includes('/directory/search') && r.url().includes('kind=customer'),
    );
    await picker.fill(target.name.slice(0, 6));
    await searched;
    await page.getByRole('listbox', { name: 'Customer suggestions' }).getByRole('option').first().waitFor();
    await picker.fill(target.name);
    await expect
      .poll(() =>
        page.getByRole('listbox', { name: 'Customer suggestions' }).getByRole('option').allTextContents(),
      )
      .toEqual([expect.stringMatching(new RegExp(`^${target.name}`))]);
    await page.getByRole('listbox', { name: 'Customer suggestions' }).getByRole('option').first().waitFor();
    expect(await picker.getAttribute('aria-activedescendant')).toBeTruthy();
    await picker.press('Enter');
    await page.waitForURL(new RegExp(`customer_id=${target.id}`));
    await page.context().close();
  });
});

describe('keyboard and phones', () => {
  it('makes the list one Tab stop with arrow keys inside', async () => {
    const page = await pageAt('/timeline?range=all');
    expect(await page.locator('.event-row[tabindex="0"]').count()).toBe(1);
    expect(await page.locator('.event-row[tabindex="-1"]').count()).toBeGreaterThan(5);
    const start = page.locator('.event-row').first();
    const startId = await start.getAttribute('data-event-id');
    await start.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = () =>
      page.evaluate(() => (document.activeElement as HTMLElement).dataset.eventId ?? null);
    // Two quick presses: the second arrives before the frame that focused the first's row (CI saw
    // it move from the old row). Counted from the row focused first, so a live row cannot shift it.
    const stepsFromStart = () =>
      page.evaluate((id) => {
        const rows = [...document.querySelectorAll<HTMLElement>('.event-row')];
        const from = rows.findIndex((r) => r.dataset.eventId === id);
        return rows.indexOf(document.activeElement as HTMLElement) - from;
      }, startId);
    await expect.poll(stepsFromStart).toBe(2);
    const used = await focused();
    // Tab leaves the list at once (not 50 presses): the next focus is outside it.
    await page.keyboard.press('Tab');
    expect(await focused()).toBeNull();
    // Shift+Tab comes back to the row last used.
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focused).toBe(used);
    await page.context().close();
  });

  it('opens the filter sheet as a modal dialog that keeps focus, closes on Escape and returns focus', async () => {
    const page = await pageAt('/timeline?range=all', MOBILE);
    const opener = page.getByRole('button', { name: /^Filters/ });
    await opener.click();
    const sheet = page.getByRole('dialog', { name: 'Filters' });
    await sheet.waitFor();
    expect(await sheet.evaluate((d) => (d as HTMLDialogElement).matches(':modal'))).toBe(true);
    for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('#filter-panel'))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'filter-sheet-mobile');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(/^Filters/);
    await page.context().close();
  });

  it('has one scroll area on a phone and opens each page at the top, restoring the position on Back', async () => {
    const page = await pageAt('/timeline?range=all', MOBILE);
    // The window does not scroll; the page does, and the list inside it does not scroll on its own.
    const areas = await page.evaluate(() => {
      const list = document.querySelector('[data-testid=timeline-scroll]') as HTMLElement;
      const main = document.querySelector('main') as HTMLElement;
      return {
        window: document.documentElement.scrollHeight - window.innerHeight,
        list: list.scrollHeight - list.clientHeight,
        main: main.scrollHeight - main.clientHeight,
      };
    });
    expect(areas.window).toBeLessThanOrEqual(1);
    expect(areas.list).toBeLessThanOrEqual(1);
    expect(areas.main).toBeGreaterThan(500);

    await page.goto(`${base}/me`);
    await settled(page);
    // Charts and lists below the fold may still be growing the page; scroll anchoring would then
    // move the position after it was read (CI saw 363 recorded, 423 restored: both right).
    await steadyHeight(page);
    await page.evaluate(() => window.scrollTo(0, 600));
    await steadyHeight(page);
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBeGreaterThan(300);
    await page
      .getByRole('navigation', { name: 'Main (mobile)' })
      .getByRole('link', { name: 'Timeline' })
      .click();
    await page.locator('.event-row').first().waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await page.evaluate(() => (document.querySelector('main') as HTMLElement).scrollTop)).toBe(0);
    await page.goBack();
    await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(Math.round(before));
    await page.context().close();
  });
});

/** Waits until the page's height and scroll position hold still for three reads 200 ms apart. */
async function steadyHeight(page: Page) {
  let last = '';
  let same = 0;
  for (let i = 0; i < 100 && same < 3; i++) {
    const now = await page.evaluate(() => `${document.documentElement.scrollHeight}:${window.scrollY}`);
    same = now === last ? same + 1 : 0;
    last = now;
    await page.waitForTimeout(200);
  }
}
