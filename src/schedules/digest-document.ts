/**
 * A digest as a PDF or Excel document, with what its email body shows: the figures as tiles
 * (activities, each channel, the three sections' totals), then one table per section.
 */
import { valueLabel } from '../events/value-labels.js';
import type { ExportColumn, ExportDocument } from '../exports/table.js';
import type { Digest, DigestItem } from './digest.js';

const COLUMNS: ExportColumn[] = [
  { key: 'at', label: 'When', type: 'datetime' },
  { key: 'type', label: 'Type', type: 'text' },
  { key: 'title', label: 'Title', type: 'text' },
  { key: 'customer', label: 'Customer', type: 'text' },
  { key: 'owner', label: 'Owner', type: 'text' },
  { key: 'why', label: 'Why', type: 'text' },
];

const table = (title: string, items: DigestItem[], total: number) => ({
  // The email lists at most the first items of a section; the title says how many there were.
  title: total > items.length ? `${title} (${items.length} of ${total})` : `${title} (${total})`,
  columns: COLUMNS,
  rows: items.map((i) => ({
    at: i.at,
    type: valueLabel('type', i.type),
    title: i.title,
    customer: i.customer_name ?? i.customer_id,
    owner: i.user_name ?? '',
    why: i.why.join(', '),
  })),
});

export function digestDocument(
  d: Digest,
  title: string,
  zone: string,
  /** The window's line (formatPeriod), as the email says it. */
  period: string,
  generatedAt = new Date(),
): ExportDocument {
  const channels = Object.entries(d.counts.by_channel).sort((a, b) => b[1] - a[1]);
  return {
    title,
    subtitle: [`${d.subject.kind}: ${d.subject.name}`, period],
    generatedAt,
    timeZone: zone,
    kpis: [
      { label: 'Activities', value: d.counts.events, unit: 'events' },
      ...channels.map(([channel, n]) => ({ label: valueLabel('type', channel), value: n, unit: 'events' })),
      { label: 'Notable', value: d.totals.notable },
      { label: 'Unanswered inbound', value: d.totals.unanswered },
      { label: 'Upcoming', value: d.totals.upcoming },
    ],
    charts: [],
    tables: [
      table('Notable', d.notable, d.totals.notable),
      table('Unanswered inbound', d.unanswered, d.totals.unanswered),
      table('Upcoming', d.upcoming, d.totals.upcoming),
    ],
  };
}
