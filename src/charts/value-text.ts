/**
 * A chart figure with its unit, as tooltips show it: counts and durations with thousands
 * separators ("1,234 events", "3.5 min"), rates (fractions 0–1) as percentages ("45.7%"), "—" for
 * a missing value. No Node built-ins: the web app bundles this file.
 */
export const NO_VALUE = '—';

const missing = (v: unknown) => v === null || v === undefined || v === '';

/** A count or a duration: "1,234 events", "1,234.6 min" (at most one decimal). */
export function amountText(v: unknown, unit: string): string {
  if (missing(v)) return NO_VALUE;
  return `${Number(v).toLocaleString('en-US', { maximumFractionDigits: 1 })} ${unit}`.trim();
}

/** A rate given as a fraction: 0.4567 → "45.7%". */
export function rateText(v: unknown): string {
  return missing(v) ? NO_VALUE : `${(Number(v) * 100).toFixed(1)}%`;
}

/** Text for a tooltip's HTML (ECharts inserts a formatter's string as HTML; names come from users). */
export const escapeTooltip = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
