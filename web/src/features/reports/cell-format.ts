/**
 * A report table's cell as text. A bucket start is a calendar bucket of the run's zone, so it is
 * read in that zone and named as the bucket it starts (a day, a week, a month; a time only for an
 * hour): read in the browser's zone with a time, a New York week started "Nov 1, 2026, 11:00 PM".
 */
import type { RunResult } from '../../api/useReportsQuery.js';

type Cell = string | number | null;

const BUCKET: Record<string, Intl.DateTimeFormatOptions> = {
  hour: { dateStyle: 'medium', timeStyle: 'short' },
  day: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  week: { day: 'numeric', month: 'short', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
};

export function formatCell(v: Cell, column: RunResult['columns'][number], tz: string): string {
  if (v === null) return '—';
  const { type, key } = column;
  if (type === 'datetime') {
    const text = new Date(String(v)).toLocaleString('en-US', {
      ...(BUCKET[key] ?? BUCKET.day),
      timeZone: tz,
    });
    return key === 'week' ? `Week of ${text}` : text;
  }
  if (type === 'percent') return `${(Number(v) * 100).toFixed(1)}%`;
  if (type === 'duration') return `${Number(v).toLocaleString('en-US', { maximumFractionDigits: 1 })} min`;
  return typeof v === 'number' ? v.toLocaleString('en-US') : v;
}
