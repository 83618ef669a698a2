#!/usr/bin/env node
// Time to first meaningful data of the main pages, in Chromium, against a running demo server:
// from navigation start to the page's first data (list rows, or KPI tiles showing numbers), to its
// first chart drawn, and to nothing left loading (no spinner, skeleton or loading tile). Each run
// is a fresh browser context (cold cache, signed in as the page's persona); one warm-up load per
// page is not counted. Prints each page's runs, then a markdown table of medians and p90 (linear
// interpolation, as percentile_cont) with the machine's load average beside each page. Asserts nothing.
//   node scripts/measure-first-data.mjs http://127.0.0.1:3917 [runs=7] [--pages timeline,me] [--waterfall]
// --waterfall prints, for each page's last run, the resources the page fetched (start → end, ms
// from navigation start, bytes on the wire): the requests behind a slow page.
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [value] = args.splice(i, name === '--waterfall' ? 1 : 2).slice(1);
  return value ?? true;
};
const waterfall = flag('--waterfall') === true;
const only = flag('--pages');
const [base = 'http://127.0.0.1:3917', runsArg = '7'] = args;
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a whole number ≥ 1, not ${runsArg}`);

const api = async (path, token, init = {}) => {
  const res = await fetch(`${base}/api/v1${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};

// The analytics replica loads in the background after a first start: dashboards answer 503 until
// it follows, so wait for it (a measurement during the load would time the load).
for (const started = Date.now(); ; ) {
  const ready = await fetch(`${base}/readyz`)
    .then((r) => r.json())
    .catch(() => undefined);
  if (ready?.status === 'ok' && (ready.analytics?.state ?? 'following') === 'following') break;
  if (Date.now() - started > 15 * 60_000) throw new Error(`server not ready: ${JSON.stringify(ready)}`);
  await new Promise((r) => setTimeout(r, 2000));
}

const { items: personas } = await api('/demo/personas');
const persona = (role) => {
  const p = personas.find((x) => x.role === role);
  if (!p) throw new Error(`no demo persona with role ${role}`);
  return p;
};
const tokenOf = async (p) =>
  (await api('/demo/session', undefined, { method: 'POST', body: JSON.stringify({ user_id: p.user_id }) }))
    .token;
const [admin, lead, rep] = [persona('admin'), persona('team_lead'), persona('rep')];
const tokens = new Map(await Promise.all([admin, lead, rep].map(async (p) => [p, await tokenOf(p)])));
const customer = (await api('/directory/customers?limit=1', tokens.get(admin))).items[0];
const report = (await api('/reports', tokens.get(admin))).items[0];
const repTimeline = await api('/timelines/default', tokens.get(rep));

const ROWS = '.event-row';
const tile = (testId) => `[data-testid="${testId}"][data-state="ok"]`;
// [name, persona, path, the first meaningful data]
const PAGES = [
  ['timeline', admin, '/timeline', ROWS],
  ['customer', admin, `/customers/${customer.id}`, tile('cust-touchpoints')],
  ['team', lead, `/dashboards/team/${lead.team_id}`, tile('team-activities')],
  ['me', rep, '/me', tile('me-activities')],
  ['executive', admin, '/dashboards/executive', tile('kpi-activities')],
  ['reports', admin, `/reports?id=${report.id}`, '.report-preview .echart svg path'],
  ['saved timeline', rep, `/timeline?timeline=${repTimeline.id}`, ROWS],
  // A rep opening the timeline lands on their default timeline (a redirect first).
  ['rep landing', rep, '/timeline', ROWS],
].filter(([name]) => !only || String(only).split(',').includes(name));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});

/** One cold load: a new context signed in as `who`; the marks in ms from navigation start. */
async function load(who, path, first) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(
    ([token, p, selector]) => {
      localStorage.setItem('crm-timeline.token', token);
      localStorage.setItem('crm-timeline.persona', p);
      const marks = {};
      window.__marks = marks;
      const busy = '.spinner, .skeleton, [data-state="loading"]';
      const check = () => {
        const now = performance.now();
        if (!marks.first && document.querySelector(selector)) marks.first = now;
        if (!marks.chart && document.querySelector('main .echart svg path')) marks.chart = now;
        // Settled: since when the first data is there and nothing in the page is loading (a later
        // load, e.g. a second chart's query starting, clears it).
        if (!marks.first || document.querySelector(busy)) marks.settled = undefined;
        else marks.settled ??= now;
      };
      new MutationObserver(check).observe(document, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ['data-state', 'class'],
      });
    },
    [tokens.get(who), JSON.stringify(who), first],
  );
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => window.__marks.first, null, { timeout: 120_000 });
  // Nothing loading for 1.5 s (a page whose loading never ends gives up after 30 s: settled unknown).
  await page
    .waitForFunction(
      () => window.__marks.settled && performance.now() - window.__marks.settled > 1500,
      null,
      { timeout: 30_000, polling: 100 },
    )
    .catch(() => undefined);
  const marks = await page.evaluate(() => window.__marks);
  const resources = waterfall
    ? await page.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => ({
          name: e.name,
          start: e.startTime,
          end: e.responseEnd,
          bytes: e.transferSize,
        })),
      )
    : [];
  await context.close();
  return { ...marks, resources };
}

const quantile = (xs, q) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + ((s[Math.ceil(at)] ?? s[lo]) - s[lo]) * (at - lo);
};
const ms = (x) => (x === undefined ? '–' : `${Math.round(x)}`);
const load1 = () => loadavg()[0].toFixed(2);

const table = [];
for (const [name, who, path, first] of PAGES) {
  const before = load1();
  await load(who, path, first); // warm-up, not counted
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await load(who, path, first));
  const after = load1();
  console.log(
    `${name} (${who.role}, ${path}): first data ${results.map((r) => ms(r.first)).join(', ')} ms; first chart ${results.map((r) => ms(r.chart)).join(', ')}; settled ${results.map((r) => ms(r.settled)).join(', ')}`,
  );
  if (waterfall) {
    const last = results.at(-1);
    for (const r of last.resources.sort((a, b) => a.start - b.start)) {
      const url = new URL(r.name);
      console.log(
        `    ${ms(r.start).padStart(6)} → ${ms(r.end).padStart(6)}  ${String(r.bytes).padStart(8)} B  ${url.pathname}${url.search}`,
      );
    }
  }
  const pick = (k) => results.map((r) => r[k]);
  table.push(
    `| ${name} | ${who.role} | ${ms(quantile(pick('first'), 0.5))} | ${ms(quantile(pick('first'), 0.9))} | ${ms(quantile(pick('chart'), 0.5))} | ${ms(quantile(pick('chart'), 0.9))} | ${ms(quantile(pick('settled'), 0.5))} | ${ms(quantile(pick('settled'), 0.9))} | ${before} → ${after} |`,
  );
}
await browser.close();
console.log(
  `\nTime to first data, ${runs} cold loads per page, ms from navigation start (${base}, ${new Date().toISOString()})\n`,
);
console.log('| page | as | first data p50 | p90 | first chart p50 | p90 | settled p50 | p90 | load (1 min) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
for (const row of table) console.log(row);
