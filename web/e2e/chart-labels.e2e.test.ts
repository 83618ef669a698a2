/**
 * Chart labels that stay legible (#16): on every chart page (the reports page too, with the demo's
 * saved line and pie reports open), at 375 px and at desktop width, no two visible texts of a chart
 * overprint each other (axis labels, axis names, legend, pie labels, the heatmap's scale and its
 * axis title) and none runs out of the chart. A screenshot of each page is kept in test-results/;
 * axe stays clean in light and dark.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminSession, DESKTOP, MOBILE, type Persona, seriousViolations, settled, shoot } from './browser.js';

const s = adminSession();

/** The id of the demo's saved report `name` (src/demo/reports.ts). */
async function demoReport(name: string): Promise<string> {
  const { items } = await s.api<{ items: Array<{ id: string; report_name: string }> }>('/reports');
  const found = items.find((r) => r.report_name === name);
  if (!found) throw new Error(`no demo report "${name}"`);
  return found.id;
}

/** The pages with charts, the persona each is for and how many charts it draws on the demo data. */
const chartPages = async (): Promise<Array<[string, string, Persona, number]>> => [
  ['timeline', '/timeline', s.admin, 1],
  ['executive', '/dashboards/executive', s.admin, 4],
  ['team', `/dashboards/team/${s.as('team_lead').team_id}`, s.as('team_lead'), 5],
  ['me', '/me', s.as('rep'), 1],
  ['customer', `/customers/${await s.firstCustomerId()}`, s.admin, 3],
  // The report builder with a saved chart open: a weekly line of three series, a pie by type.
  ['report-line', `/reports?id=${await demoReport('Weekly activity by direction')}`, s.admin, 1],
  ['report-pie', `/reports?id=${await demoReport('Channel mix')}`, s.admin, 1],
];

/** Waits until `count` charts are drawn (SVG with text) and nothing is loading any more. */
async function chartsDrawn(page: Page, count: number) {
  await settled(page);
  await page.waitForFunction(
    (n) =>
      !document.querySelector('.spinner, .skeleton, [data-state="loading"]') &&
      [...document.querySelectorAll('.echart')].filter((c) => c.querySelector('svg text')).length >= n,
    count,
    { timeout: 90_000 },
  );
  await page.waitForTimeout(300); // ECharts lays labels out on its next frame after a resize
}

/**
 * Texts of each chart that overprint another text of the same chart, or run out of the chart's box.
 * A text's box is cut to its clip path first: a scrolling legend clips the entries of its other pages.
 */
function collisions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Box = { left: number; right: number; top: number; bottom: number };
    const out: string[] = [];
    for (const chart of document.querySelectorAll<HTMLElement>('.echart')) {
      const svg = chart.querySelector('svg');
      if (!svg) continue;
      const origin = svg.getBoundingClientRect();
      const visibleBox = (t: SVGTextElement): Box => {
        const r = t.getBoundingClientRect();
        let box: Box = { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        for (let g = t.parentElement; g && g !== (svg as Element); g = g.parentElement) {
          const id = g.getAttribute('clip-path')?.match(/url\(#(.+)\)/)?.[1];
          const shape = id ? svg.querySelector<SVGGraphicsElement>(`[id="${id}"] > *`) : null;
          if (!shape) continue;
          const c = shape.getBBox();
          box = {
            left: Math.max(box.left, origin.left + c.x),
            right: Math.min(box.right, origin.left + c.x + c.width),
            top: Math.max(box.top, origin.top + c.y),
            bottom: Math.min(box.bottom, origin.top + c.y + c.height),
          };
        }
        return box;
      };
      const texts = [...svg.querySelectorAll<SVGTextElement>('text')]
        .filter((t) => t.textContent?.trim() && t.getAttribute('opacity') !== '0')
        .map((t) => ({ text: t.textContent?.trim() ?? '', box: visibleBox(t) }))
        .filter((t) => t.box.right - t.box.left > 1 && t.box.bottom - t.box.top > 1);
      const name = chart.getAttribute('aria-label')?.split(':')[0];
      for (const t of texts)
        if (
          t.box.left < origin.left - 1 ||
          t.box.right > origin.right + 1 ||
          t.box.top < origin.top - 1 ||
          t.box.bottom > origin.bottom + 1
        )
          out.push(`${name}: "${t.text}" runs out of the chart`);
      texts.forEach((a, i) => {
        for (const b of texts.slice(i + 1)) {
          const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
          const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
          if (x > 1 && y > 1) out.push(`${name}: "${a.text}" overprints "${b.text}"`);
        }
      });
    }
    return out;
  });
}

describe('chart labels', () => {
  for (const [size, viewport] of [
    ['mobile', MOBILE],
    ['desktop', DESKTOP],
  ] as const)
    it(`no chart text overprints another or leaves its chart at ${size} size`, async () => {
      const problems: string[] = [];
      for (const [name, path, persona, count] of await chartPages()) {
        // A tall window: every chart of the page is laid out and visible at once.
        const page = await s.open(persona, path, { viewport: { ...viewport, height: 4000 } });
        await chartsDrawn(page, count);
        await shoot(page, `chart-labels-${name}-${size}`);
        for (const c of await collisions(page)) problems.push(`${name}: ${c}`);
        await page.context().close();
      }
      expect(problems).toEqual([]);
    }, 300_000);

  for (const scheme of ['light', 'dark'] as const)
    it(`the chart pages at 375 px are axe clean in ${scheme}`, async () => {
      const problems: string[] = [];
      for (const [name, path, persona, count] of await chartPages()) {
        const page = await s.open(persona, path, { viewport: MOBILE, colorScheme: scheme });
        await chartsDrawn(page, count);
        for (const v of await seriousViolations(page)) problems.push(`${name}: ${v}`);
        await page.context().close();
      }
      expect(problems).toEqual([]);
    }, 300_000);
});
