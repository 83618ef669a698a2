/** Browser helpers for the journeys: launch Chromium, sign in as a persona, axe, screenshots, touch targets. */
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { CHROMIUM } from './global-setup.js';

export const OUT = 'test-results';
export const DESKTOP = { width: 1440, height: 900 };
export const MOBILE = { width: 375, height: 812 };

/** `extraArgs`: e.g. `--touch-events=enabled`, without which headless Chromium hides touch events from feature detection (no `ontouchstart`), so charts never see a pinch. */
export function launch(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(OUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

export interface Persona {
  user_id: string;
  name: string;
  role: string;
  team_id: string | null;
  team_name: string | null;
}

export async function personas(base: string): Promise<Persona[]> {
  const res = await fetch(`${base}/api/v1/demo/personas`);
  return ((await res.json()) as { items: Persona[] }).items;
}

export async function tokenFor(base: string, persona: Persona): Promise<string> {
  const res = await fetch(`${base}/api/v1/demo/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: persona.user_id }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** A browser context already signed in as the persona (token in storage, as the sign-in page leaves it). */
export async function signedInContext(
  browser: Browser,
  base: string,
  persona: Persona,
  viewport = DESKTOP,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const token = await tokenFor(base, persona);
  const context = await browser.newContext({
    viewport,
    hasTouch: viewport === MOBILE,
    isMobile: viewport === MOBILE,
    ...options,
  });
  await context.addInitScript(
    ([t, p]) => {
      localStorage.setItem('crm-timeline.token', t as string);
      localStorage.setItem('crm-timeline.persona', p as string);
    },
    [token, JSON.stringify(persona)],
  );
  return context;
}

/** A call to `/api/v1<path>` (GET unless `init` says otherwise) with a signed-in user's token. */
export type ApiCall = <T>(path: string, init?: RequestInit) => Promise<T>;

/** Where to open a page: the viewport (touch on MOBILE) and any other context options (locale, zone, theme). */
export interface OpenOptions extends BrowserContextOptions {
  viewport?: typeof DESKTOP;
}

/**
 * One browser test file's set-up: Chromium launched before the file's tests and closed after,
 * the demo personas, and the admin signed in for API calls. Read its fields inside tests and hooks
 * (they are set by the file's first `beforeAll`).
 */
export interface Session {
  readonly base: string;
  readonly browser: Browser;
  readonly personas: Persona[];
  readonly admin: Persona;
  readonly adminToken: string;
  /** The first demo persona with `role` (admin, executive, team_lead, rep, agent, compliance, marketing). */
  as(role: string): Persona;
  /** A bearer token for `persona` (asked for once, then remembered). */
  token(persona: Persona): Promise<string>;
  /** Calls `/api/v1<path>` as the admin; throws on a non-2xx answer. */
  api: ApiCall;
  /** `api`, as `persona`. */
  apiAs(persona: Persona): ApiCall;
  /** The id of the first customer in the directory (a known customer to ingest events for). */
  firstCustomerId(): Promise<string>;
  /** Ingests an inbound phone call by the admin, now, for the first customer; `fields` override any of it. */
  ingestCall(fields: { event_title: string; [field: string]: unknown }): Promise<{ id: string }>;
  /** A new blank page signed in as `persona`, in a context of its own (to listen before it navigates). */
  signedInPage(persona: Persona, options?: OpenOptions): Promise<Page>;
  /** `signedInPage`, gone to `path` (its load event; the data may still be on its way). */
  open(persona: Persona, path: string, options?: OpenOptions): Promise<Page>;
  /** `open`, then waits for the timeline's first row and for the page to settle. */
  openTimeline(persona: Persona, path: string, options?: OpenOptions): Promise<Page>;
}

/** Registers the file's `beforeAll`/`afterAll` and answers the session they fill (see `Session`). */
export function adminSession(launchArgs: string[] = []): Session {
  const base = inject('baseUrl');
  let browser: Browser | undefined;
  let all: Persona[] = [];
  let admin: Persona | undefined;
  let adminToken = '';
  const tokens = new Map<string, Promise<string>>();
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`adminSession: ${what} is read before the file's beforeAll ran`);
    return value;
  };
  const session: Session = {
    base,
    get browser() {
      return ready(browser, 'browser');
    },
    get personas() {
      return all;
    },
    get admin() {
      return ready(admin, 'admin');
    },
    get adminToken() {
      return adminToken;
    },
    as(role) {
      const found = all.find((p) => p.role === role);
      if (!found) throw new Error(`no demo persona with role ${role}`);
      return found;
    },
    token(persona) {
      let token = tokens.get(persona.user_id);
      if (!token) {
        token = tokenFor(base, persona);
        tokens.set(persona.user_id, token);
      }
      return token;
    },
    api: (path, init) => api(base, adminToken, path, init),
    apiAs:
      (persona) =>
      async <T>(path: string, init?: RequestInit) =>
        api<T>(base, await session.token(persona), path, init),
    async firstCustomerId() {
      const page = await session.api<{ items: Array<{ id: string }> }>('/directory/customers?limit=1');
      return ready(page.items[0]?.id, 'a customer');
    },
    async ingestCall(fields) {
      const event = {
        customer_id: fields.customer_id ?? (await session.firstCustomerId()),
        user_id: session.admin.user_id,
        event_type: 'call',
        event_source: 'phone_system',
        direction: 'inbound',
        event_timestamp: new Date().toISOString(),
        ...fields,
      };
      return session.api<{ id: string }>('/events', { method: 'POST', body: JSON.stringify(event) });
    },
    async signedInPage(persona, { viewport = DESKTOP, ...options } = {}) {
      const context = await signedInContext(session.browser, base, persona, viewport, options);
      return context.newPage();
    },
    async open(persona, path, options) {
      const page = await session.signedInPage(persona, options);
      await page.goto(`${base}${path}`);
      return page;
    },
    async openTimeline(persona, path, options) {
      const page = await session.open(persona, path, options);
      await page.locator('.event-row').first().waitFor({ timeout: 60_000 });
      await settled(page);
      return page;
    },
  };
  beforeAll(async () => {
    browser = await launch(launchArgs);
    all = await personas(base);
    admin = session.as('admin');
    adminToken = await session.token(admin);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return session;
}

export async function api<T>(base: string, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Waits until no loading spinner is left on the page. */
export async function settled(page: Page, timeout = 60_000) {
  await page.waitForFunction(() => !document.querySelector('.spinner'), null, { timeout });
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious and critical axe-core violations on the page (as "id: help (n nodes)"). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // A live row still sliding in has its colours mid-blend: axe would measure the contrast of a frame.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => {})),
    ),
  );
  // Evaluated through the DevTools protocol: an added <script> tag would be inline script, which
  // the app's content-security policy (rightly) refuses.
  await page.evaluate(readFileSync(axePath, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{
            violations: Array<{
              id: string;
              impact: string;
              help: string;
              nodes: Array<{ target: string[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

export async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: false });
}

/** Controls smaller than 44×44 px (visible buttons, selects, inputs, tab links). */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      'button, select, input:not([type=checkbox]), .tab, .btn',
    )) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('.echart')) continue; // chart internals are not controls
      if (r.height < 43.5 || r.width < 43.5)
        out.push(
          `${el.tagName.toLowerCase()}.${el.className} "${el.textContent?.trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
    }
    return out;
  });
}

export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Opens the page's Export menu, clicks `label` and answers the downloaded file's name and bytes. */
export async function exportAs(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
  const menu = page.locator('details.export-menu');
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await menu.locator('summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    menu.getByRole('button', { name: label, exact: true }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** Every event GET /events answers for `filters` through `get` (a session's api), following next_cursor. */
export async function listAllEvents<E>(get: <T>(path: string) => Promise<T>, filters: string): Promise<E[]> {
  const out: E[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: E[]; next_cursor: string | null } = await get(
      `/events?${filters}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}
