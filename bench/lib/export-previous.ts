/**
 * The events CSV export as it was before the lean read (59876b7^), kept for bench/export-memory.ts's
 * A/B only: pages through listTimelineEvents + presentEvent (next page read while this one is
 * written), one row at a time into a per-cell encoder, 64 KiB chunks.
 */
import type { Scope } from '../../src/db/scope.js';
import type { CursorPosition } from '../../src/events/cursor.js';
import { presentEvent } from '../../src/events/presenter.js';
import { listTimelineEvents } from '../../src/events/queries/list-events.js';
import { csvField, neutraliseFormula } from '../../src/exports/csv.js';
import type { EventsExport } from '../../src/exports/events-export.js';
import { cellText, headerText } from '../../src/exports/table.js';

const CHUNK = 64 * 1024;

export async function* previousCsv(scope: Scope, e: EventsExport, pageRows: number): AsyncGenerator<string> {
  const read = (after?: CursorPosition) => listTimelineEvents(scope, { ...e.view, limit: pageRows, after });
  let chunk = `${e.columns.map((c) => csvField(neutraliseFormula(headerText(c)))).join(',')}\r\n`;
  let page = await read();
  for (;;) {
    const next = page.next ? read(page.next) : null;
    next?.catch(() => {});
    for (const row of page.rows) {
      const event = presentEvent(row, e.view.visible.reader);
      const fields = e.columns.map((c) => {
        const text = cellText(c.value(event), c, e.zone);
        return csvField(c.type === 'text' ? neutraliseFormula(text) : text);
      });
      chunk += `${fields.join(',')}\r\n`;
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    if (!next) break;
    page = await next;
  }
  if (chunk) yield chunk;
}
