/**
 * A report target as delivered content: the saved report run for one recipient (their visibility
 * and figure scope, as GET /reports/:id/run would answer them) over its period ending at the slot.
 */
import { DEFAULT_DAYS } from '../analytics/params.js';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { notFound } from '../errors.js';
import { reportDocument } from '../exports/report-document.js';
import { getReport } from '../reports/queries.js';
import type { RunAsk } from '../reports/run-period.js';
import { runReport } from '../reports/run-report.js';
import type { ReportDefinition, RunResult } from '../reports/schema.js';
import { loadReadableReport } from '../reports/write-report.js';
import { resolveDateRange } from '../timelines/date-range.js';
import { resolveAnalyticsViewer } from '../visibility/analytics-access.js';
import { type Content, escapeHtml as h } from './content.js';

/** 404 unless the schedule's creator may read the report (checked when the schedule is saved). */
export async function checkReportTarget(scope: Scope, creator: AuthUser, reportId: string): Promise<void> {
  await loadReadableReport(scope, creator, reportId);
}

/**
 * The report's period, moved to end at the slot: a rolling default (last 7 days) keeps its length,
 * a calendar or absolute one stays as it resolves; none means the last DEFAULT_DAYS days.
 */
async function scheduledAsk(scope: Scope, d: ReportDefinition, at: Date, zone: string): Promise<RunAsk> {
  const tz = d.tz ?? zone;
  const to = at.toISOString();
  if (!d.period) return { from: new Date(at.getTime() - DEFAULT_DAYS * 86_400_000).toISOString(), to, tz };
  const r = await resolveDateRange(scope, d.period, tz);
  if (d.period.relative && r.from && !r.to)
    return { from: new Date(at.getTime() - (Date.now() - Date.parse(r.from))).toISOString(), to, tz };
  return { from: r.from, to: r.to ?? to, tz };
}

const cellText = (v: string | number | null) => (v === null ? '' : String(v));

function reportHtml(r: RunResult): string {
  const head = r.columns.map((c) => `<th>${h(c.unit ? `${c.label} (${c.unit})` : c.label)}</th>`).join('');
  const body = r.rows
    .map((row) => `<tr>${r.columns.map((c) => `<td>${h(cellText(row[c.key] ?? null))}</td>`).join('')}</tr>`)
    .join('');
  return `<!doctype html><html><body><h1>${h(r.title)}</h1><p>${h(r.subtitle)}</p><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></body></html>`;
}

export async function reportContent(
  scope: Scope,
  viewer: AuthUser,
  reportId: string,
  at: Date,
  zone: string,
): Promise<Content> {
  const row = await getReport(scope, reportId);
  if (!row) throw notFound('Report');
  const d = row.definition as ReportDefinition;
  const v = await resolveAnalyticsViewer(scope, viewer, d.filters);
  const ask = await scheduledAsk(scope, d, at, zone);
  const r = await runReport(scope, v, d, ask, { title: row.report_name, path: 'report' });
  const figures: Record<string, number> = { rows: r.rows.length };
  for (const [k, val] of Object.entries(r.totals)) if (val !== null) figures[k] = val;
  const metrics = r.columns.filter((c) => c.role === 'metric').map((c) => r.totals[c.key] ?? 0);
  return {
    kind: 'report',
    title: row.report_name,
    data: r,
    figures,
    empty: r.rows.length === 0 || metrics.every((m) => m === 0),
    html: reportHtml(r),
    text: `${r.title}\n${r.subtitle}\n${r.rows.length} rows`,
    rows: [r.columns.map((c) => c.label), ...r.rows.map((x) => r.columns.map((c) => x[c.key] ?? null))],
    document: reportDocument(r, at),
  };
}
