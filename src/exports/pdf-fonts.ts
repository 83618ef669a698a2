/**
 * The fonts of every exported PDF: DejaVu Sans (regular and bold), embedded as a subset of the
 * glyphs used. PDFKit's built-in Helvetica is a Latin-1 (WinAnsi) font: Cyrillic, Greek or most
 * accented names came out as wrong glyphs. The files are read once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SANS = 'DejaVuSans';
export const SANS_BOLD = 'DejaVuSans-Bold';

const require = createRequire(import.meta.url);
let files: Record<string, Buffer> | undefined;

function fontFiles(): Record<string, Buffer> {
  files ??= {
    [SANS]: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    [SANS_BOLD]: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return files;
}

/** Registers the fonts on a new document and makes the regular one current. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, data] of Object.entries(fontFiles())) doc.registerFont(name, data);
  doc.font(SANS);
}

/** svg-to-pdfkit's font choice for chart text: the same family, bold when the SVG asks. */
export function chartFont(_family: string, bold: boolean): string {
  return bold ? SANS_BOLD : SANS;
}
