/**
 * Exports in a real browser (issue 17): the timeline's Export menu downloads CSV, Excel and PDF of
 * the filters on screen, and the CSV holds exactly the rows GET /events answers for those filters
 * (read back with csv-parse, strict); a dashboard's menu downloads its PDF and Excel. The open menu
 * is checked with axe-core.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { adminSession, exportAs, listAllEvents, seriousViolations, settled, shoot } from './browser.js';

const s = adminSession();
/** The executive's API: what the exported pages must equal. */
const asExec = () => s.apiAs(s.as('executive'));

interface ListedEvent {
  id: string;
  event_title: string;
}

/** Every event GET /events answers for `filters` to the executive, newest first. */
const listAll = (filters: string) => listAllEvents<ListedEvent>(asExec(), filters);

describe('timeline export menu', () => {
  it('downloads CSV equal to the API list for the filters on screen, then Excel and PDF', async () => {
    // One customer's whole history: small enough to compare row by row, large enough to matter.
    const customers = await asExec()<{ items: Array<{ id: string }> }>('/directory/customers?limit=5');
    const lists = await Promise.all(
      customers.items.map(async (c) => ({ id: c.id, events: await listAll(`customer_id=${c.id}`) })),
    );
    const target = lists.reduce((a, b) => (b.events.length > a.events.length ? b : a));
    expect(target.events.length).toBeGreaterThan(3);

    const page = await s.openTimeline(s.as('executive'), `/timeline?customer_id=${target.id}&range=all`);

    await page.locator('details.export-menu summary').click();
    await page.getByRole('button', { name: 'CSV', exact: true }).waitFor();
    await shoot(page, 'export-menu-open');
    expect(await seriousViolations(page)).toEqual([]);

    const csv = await exportAs(page, 'CSV');
    expect(csv.name).toMatch(/^events-\d{8}T\d{4}\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the menu asks for Excel's BOM
    const [head, ...rows] = parse(csv.bytes, { bom: true, relax_column_count: false }) as string[][];
    const title = head?.indexOf('Title') ?? -1;
    expect(title).toBeGreaterThanOrEqual(0);
    expect(rows).toHaveLength(target.events.length);
    expect(rows.map((r) => r[title])).toEqual(target.events.map((e) => e.event_title));

    const xlsx = await exportAs(page, 'Excel');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const pdf = await exportAs(page, 'PDF');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(await page.locator('details.export-menu [role="status"]').textContent()).toBe('');
    await page.context().close();
  });
});

describe('dashboard export menu', () => {
  it('downloads the executive dashboard as PDF and Excel', async () => {
    const page = await s.open(s.as('executive'), '/dashboards/executive');
    await page.locator('details.export-menu summary').waitFor({ timeout: 60_000 });
    await settled(page);
    const pdf = await exportAs(page, 'PDF');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const xlsx = await exportAs(page, 'Excel');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
