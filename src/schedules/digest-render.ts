/** A digest as delivered content: an HTML email, a plain-text alternative, CSV rows, its figures and its PDF / Excel document. */
import { valueLabel } from '../events/value-labels.js';
import { formatPeriod } from '../time/period-label.js';
import { type Content, escapeHtml as h } from './content.js';
import type { Digest, DigestItem } from './digest.js';
import { digestDocument } from './digest-document.js';

const type = (key: string) => valueLabel('type', key);

const when = (iso: string, zone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(
    new Date(iso),
  );

function section(title: string, items: DigestItem[], total: number, zone: string): string {
  if (total === 0) return `<h2>${h(title)}</h2><p>None.</p>`;
  const rows = items
    .map(
      (i) =>
        `<tr><td>${h(when(i.at, zone))}</td><td>${h(type(i.type))}</td><td>${h(i.title)}</td><td>${h(i.customer_name ?? i.customer_id)}</td><td>${h(i.user_name ?? '')}</td><td>${h(i.why.join(', '))}</td></tr>`,
    )
    .join('');
  const more = total > items.length ? `<p>… and ${total - items.length} more.</p>` : '';
  return `<h2>${h(title)} (${total})</h2><table><thead><tr><th>When</th><th>Type</th><th>Title</th><th>Customer</th><th>Owner</th><th>Why</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

function textSection(title: string, items: DigestItem[], total: number, zone: string): string {
  const lines = items.map(
    (i) =>
      `- ${when(i.at, zone)} ${type(i.type)}: ${i.title} (${i.customer_name ?? i.customer_id}; ${i.why.join(', ')})`,
  );
  return [`${title} (${total})`, ...(lines.length ? lines : ['None.'])].join('\n');
}

export function digestContent(d: Digest, title: string, zone: string): Content {
  const channels = Object.entries(d.counts.by_channel)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => [type(k), n] as const);
  const period = formatPeriod({ from: d.window.from, to: d.window.to, tz: zone });
  const html = [
    `<!doctype html><html><body><h1>${h(title)}</h1>`,
    `<p>${h(d.subject.kind)}: <strong>${h(d.subject.name)}</strong> · ${h(period)}</p>`,
    `<h2>Activity (${d.counts.events})</h2>`,
    channels.length
      ? `<ul>${channels.map(([k, n]) => `<li>${h(k)}: ${n}</li>`).join('')}</ul>`
      : '<p>No activity.</p>',
    d.truncated ? '<p>Only the first events of the period were read.</p>' : '',
    section('Notable', d.notable, d.totals.notable, zone),
    section('Unanswered inbound', d.unanswered, d.totals.unanswered, zone),
    section('Upcoming', d.upcoming, d.totals.upcoming, zone),
    '</body></html>',
  ].join('');
  const text = [
    title,
    `${d.subject.kind}: ${d.subject.name} · ${period}`,
    `Activity (${d.counts.events}): ${channels.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    textSection('Notable', d.notable, d.totals.notable, zone),
    textSection('Unanswered inbound', d.unanswered, d.totals.unanswered, zone),
    textSection('Upcoming', d.upcoming, d.totals.upcoming, zone),
  ].join('\n\n');
  const header = ['section', 'event_id', 'at', 'type', 'title', 'customer', 'owner', 'why'];
  const rows: Content['rows'] = [header];
  for (const [name, items] of [
    ['notable', d.notable],
    ['unanswered', d.unanswered],
    ['upcoming', d.upcoming],
  ] as const)
    for (const i of items)
      rows.push([
        name,
        i.id,
        i.at,
        i.type,
        i.title,
        i.customer_name ?? i.customer_id,
        i.user_name,
        i.why.join('; '),
      ]);
  return {
    kind: 'digest',
    title,
    data: d,
    figures: { events: d.counts.events, ...d.totals },
    empty: d.counts.events === 0 && d.totals.upcoming === 0,
    html,
    text,
    rows,
    document: digestDocument(d, title, zone, period),
  };
}
