/**
 * Browser journey of saved timelines (issue 5): save the current filters as a timeline, reload,
 * recolour and regroup it, share it with another demo persona, and open it as that persona (read-only).
 * Run against a demo server: `BASE_URL=http://127.0.0.1:3000 node --import tsx web/e2e/saved-timelines.e2e.ts`.
 * Screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const OUT = 'test-results';

interface Persona {
  user_id: string;
  name: string;
  role: string;
}

async function signIn(browser: Browser, persona: Persona): Promise<Page> {
  const res = await fetch(`${BASE}/api/v1/demo/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: persona.user_id }),
  });
  const session = (await res.json()) as { token: string; persona: unknown };
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(
    ([token, p]) => {
      localStorage.setItem('crm-timeline.token', token as string);
      localStorage.setItem('crm-timeline.persona', JSON.stringify(p));
    },
    [session.token, session.persona],
  );
  return context.newPage();
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const personas = ((await (await fetch(`${BASE}/api/v1/demo/personas`)).json()) as { items: Persona[] })
    .items;
  const owner = personas.find((p) => p.role === 'rep') ?? personas[0];
  const colleague = personas.find((p) => p.role === 'agent' && p.user_id !== owner?.user_id);
  assert.ok(owner && colleague, 'the demo needs a rep and an agent');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  try {
    const page = await signIn(browser, owner);
    await page.goto(`${BASE}/timeline?type=call&range=all`);
    await page.locator('.event-row').first().waitFor();

    // Save the current filters (calls) as a new public-less company timeline.
    await page.getByRole('button', { name: 'Save…' }).click();
    await page.getByLabel('Name').fill('E2E calls');
    await page.getByLabel('Kind of timeline').selectOption('company');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/timeline=/);
    const id = new URL(page.url()).searchParams.get('timeline');
    assert.ok(id);

    // Reload: the timeline is still open, its rows are calls only, shown in its columns.
    await page.reload();
    await page.locator('.event-row').first().waitFor();
    assert.equal(await page.getByLabel('Saved timeline', { exact: true }).inputValue(), id);
    const types = await page.locator('.event-row .tl-cell:nth-child(2)').allTextContents();
    assert.ok(types.length > 0 && types.every((t) => t === 'Call'), `only calls, got ${types.slice(0, 5)}`);

    // Recolour calls: rows take the timeline's colour.
    await page.getByRole('button', { name: 'Edit…' }).click();
    await page.locator('.tl-colors label', { hasText: 'Call' }).locator('input').fill('#ff0000');
    await page.getByLabel('Grouping').selectOption('week');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.tl-dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(
      () =>
        getComputedStyle(document.querySelector('.event-row') as Element).borderLeftColor ===
        'rgb(255, 0, 0)',
    );
    const heading = await page.locator('.day-head').first().textContent();
    assert.match(heading ?? '', /^Week of /, 'the list is grouped by week');
    await page.screenshot({ path: `${OUT}/saved-timeline-owner.png` });

    // Share it with the colleague, found through the directory search.
    await page.getByRole('button', { name: 'Share…' }).click();
    await page
      .getByPlaceholder('Search by name or email…')
      .fill(colleague.name.split(' ')[0] ?? colleague.name);
    await page.getByRole('button', { name: `Add ${colleague.name}` }).click();
    await page.getByRole('button', { name: 'Save sharing' }).click();
    await page.locator('.tl-dialog').waitFor({ state: 'detached' });

    // The colleague opens it: same events, read-only.
    const other = await signIn(browser, colleague);
    await other.goto(`${BASE}/timeline?timeline=${id}`);
    await other.locator('.event-row').first().waitFor();
    await other.getByText('Shared with you · read-only').waitFor();
    assert.equal(await other.getByRole('button', { name: 'Edit…' }).count(), 0);
    const theirTypes = await other.locator('.event-row .tl-cell:nth-child(2)').allTextContents();
    assert.ok(theirTypes.every((t) => t === 'Call'));
    await other.screenshot({ path: `${OUT}/saved-timeline-shared.png` });
    console.log('saved timelines journey: ok');
  } finally {
    await browser.close();
  }
}

await main();
