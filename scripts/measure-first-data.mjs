#!/usr/bin/env node
// Time to first meaningful data on the timeline page, in Chromium, against a running server:
// from navigation start to the first list row, and to the overview strip's first bars. Each run is
// a fresh browser context (cold cache). Prints each run and the medians; asserts nothing.
//   node scripts/measure-first-data.mjs http://127.0.0.1:3000 [runs=7] [path=/timeline?range=all]
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:3000', runsArg = '7', path = '/timeline?range=all'] = process.argv.slice(2);
const runs = Number(runsArg);
const personas = await (await fetch(`${base}/api/v1/demo/personas`)).json();
const admin = personas.items.find((p) => p.role === 'admin');
const { token } = await (
  await fetch(`${base}/api/v1/demo/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: admin.user_id }),
  })
).json();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const results = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript((t) => {
    localStorage.setItem('crm-timeline.token', t);
    const marks = {};
    window.__marks = marks;
    new MutationObserver(() => {
      if (!marks.row && document.querySelector('.event-row')) marks.row = performance.now();
      if (!marks.strip && document.querySelector('.overview .echart svg path')) marks.strip = performance.now();
    }).observe(document, { childList: true, subtree: true });
  }, token);
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => window.__marks.row && window.__marks.strip, null, { timeout: 120_000 });
  const m = await page.evaluate(() => window.__marks);
  results.push(m);
  console.log(`run ${i + 1}: first row ${Math.round(m.row)} ms, strip ${Math.round(m.strip)} ms`);
  await context.close();
}
await browser.close();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};
console.log(
  `median of ${runs}: first row ${median(results.map((r) => r.row))} ms, strip ${median(results.map((r) => r.strip))} ms (${path})`,
);
