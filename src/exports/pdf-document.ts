/**
 * PDF of a dashboard: the title block, KPI tiles, each chart rendered server-side to SVG with the
 * web app's option builders and embedded as vectors (svg-to-pdfkit: text stays text, so the PDF is
 * searchable and sharp), then the tables.
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import SVGtoPDF from 'svg-to-pdfkit';
import { renderChartSvg } from '../charts/render-svg.js';
import { chartFont, SANS, SANS_BOLD } from './pdf-fonts.js';
import { MARGIN, newPdf, type Pdf, pdfTable, titleBlock } from './pdf-layout.js';
import { type ExportDocument, type KpiTile, kpiText } from './table.js';

const TILE_H = 52;
const GAP = 10;

function kpiTiles(doc: Pdf, kpis: KpiTile[]) {
  if (!kpis.length) return;
  const perRow = Math.min(4, kpis.length);
  const w = (doc.page.width - 2 * MARGIN - GAP * (perRow - 1)) / perRow;
  kpis.forEach((k, i) => {
    const col = i % perRow;
    if (col === 0 && i > 0) doc.y += TILE_H + GAP;
    const x = MARGIN + col * (w + GAP);
    const y = doc.y;
    doc.roundedRect(x, y, w, TILE_H, 4).lineWidth(0.5).stroke('#cbd5e1');
    doc
      .font(SANS)
      .fontSize(8)
      .fillColor('#475569')
      .text(k.label, x + 8, y + 6, { width: w - 16, lineBreak: false, ellipsis: true });
    doc
      .font(SANS_BOLD)
      .fontSize(15)
      .fillColor('black')
      .text(kpiText(k), x + 8, y + 18, { width: w - 16, lineBreak: false });
    if (k.note)
      doc
        .font(SANS)
        .fontSize(7)
        .fillColor('#64748b')
        .text(k.note, x + 8, y + 38, { width: w - 16, lineBreak: false, ellipsis: true });
    doc.y = y;
  });
  doc.fillColor('black');
  doc.y += TILE_H + GAP * 2;
  doc.x = MARGIN;
}

function chart(doc: Pdf, c: ExportDocument['charts'][number]) {
  const width = c.width ?? doc.page.width - 2 * MARGIN;
  const height = c.height ?? 260;
  if (doc.y + height + 36 > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
    doc.y = MARGIN;
  }
  doc.font(SANS_BOLD).fontSize(11).text(c.title, MARGIN, doc.y);
  if (c.subtitle) doc.font(SANS).fontSize(8).fillColor('#475569').text(c.subtitle).fillColor('black');
  const y = doc.y + 4;
  SVGtoPDF(doc, renderChartSvg(c.option, width, height), MARGIN, y, {
    width,
    height,
    assumePt: true,
    fontCallback: chartFont,
  });
  doc.y = y + height + GAP;
  doc.x = MARGIN;
}

/** The dashboard as a PDF written to `out` (ended when the document is complete). */
export async function renderPdfDocument(d: ExportDocument, out: Writable): Promise<void> {
  const doc = newPdf(d.title);
  doc.pipe(out);
  titleBlock(doc, d);
  kpiTiles(doc, d.kpis);
  for (const c of d.charts) chart(doc, c);
  for (const t of d.tables) {
    if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      doc.y = MARGIN;
    }
    doc.font(SANS_BOLD).fontSize(11).text(t.title, MARGIN, doc.y).moveDown(0.3);
    await pdfTable(doc, t, d.timeZone, 'readable');
  }
  doc.end();
  await finished(out, { readable: false });
}
