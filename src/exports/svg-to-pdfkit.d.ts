declare module 'svg-to-pdfkit' {
  /** Draws an SVG document into a pdfkit document at (x, y), as vector paths and text. */
  export default function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: {
      width?: number;
      height?: number;
      preserveAspectRatio?: string;
      assumePt?: boolean;
      /** The registered font to draw an SVG font family with. */
      fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
    },
  ): void;
}
