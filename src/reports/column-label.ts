/**
 * A run column's label where people read rates as percentages (the page, charts, PDF and Excel).
 * The run's labels carry their units for machines ("Completion rate (fraction)"); where each rate
 * reads "45.7 %", the unit is in the cells, so the label drops it. No Node built-ins: the web app
 * bundles this file.
 */
import type { ReportColumn } from './schema.js';

export function readableColumnLabel(c: Pick<ReportColumn, 'label' | 'type' | 'unit'>): string {
  const suffix = ` (${c.unit})`;
  return c.type === 'percent' && c.unit && c.label.endsWith(suffix)
    ? c.label.slice(0, -suffix.length)
    : c.label;
}
