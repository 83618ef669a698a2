/** PDF of a table: the title block, then the table over as many pages as it needs. */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { newPdf, pdfTable, titleBlock } from './pdf-layout.js';
import type { TableSpec } from './table.js';

/** The table as a PDF written to `out` (ended when the document is complete). */
export async function renderPdf(spec: TableSpec, out: Writable): Promise<void> {
  const doc = newPdf(spec.title);
  doc.pipe(out);
  titleBlock(doc, spec);
  await pdfTable(doc, spec, spec.timeZone);
  doc.end();
  await finished(out, { readable: false });
}
