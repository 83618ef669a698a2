/**
 * A report target as delivered content: the saved report run for one recipient (their visibility
 * and figure scope, as GET /reports/:id/run would answer them) over its period ending at the slot.
 */
import { DEFAULT_DAYS } from '../analytics/params.js';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { notFound } from '../errors.js';
import { reportDocument, reportHeader } from '../exports/report-document.js';
import { quantityText } from '../exports/unit-text.js';
import { getReport } from '../reports/queries.js';
import type { RunAsk } from '../reports/run-period.js';
import { runReport } from '../reports/run-report.js';
import type { ReportDefinition, RunResult } from '../reports/schema.js';
import { loadReadableReport } from '../reports/write-report.js';
import { RELATIVE_RANGE_LABELS } from '../timelines/catalogue.js';
import { resolveDateRange } from '../timelines/date-range.js';
import { resolveAnalyticsViewer } from '../visibility/analytics-access.js';
import type { Content } from './content.js';
import { documentHtml, documentText, type TotalsRows } from './email-html.js';

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
  const fallback = { from: new Date(at.getTime() - DEFAULT_DAYS * 86_400_000).toISOString(), to, tz };
  // No period, or {} (all time), runs the default window, as resolveRunWindow does.
  const period = d.period ?? {};
  if (!period.relative && !period.from && !period.to)
    return { ...fallback, name: `Last ${DEFAULT_DAYS} days` };
  // A rolling window is resolved to end at the slot itself: measuring its length against the
  // process clock would stretch it by the time since the database's now() (and by any clock skew).
  const r = await resolveDateRange(scope, period, tz, at);
  const name = period.relative ? RELATIVE_RANGE_LABELS[period.relative] : undefined;
  return { from: r.from, to: r.to ?? to, tz, name };
}

/**
 * The table's totals row: each metric over the whole selection. Without dimensions the table's one
 * row is the totals already.
 */
const totalsRow = (r: RunResult): TotalsRows => (r.dimensions.length ? [{ ...r.totals }] : []);

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
  const document = reportDocument(r, at);
  const footer = r.truncated ? 'More rows matched than the report shows; the totals cover them all.' : '';
  return {
    kind: 'report',
    title: row.report_name,
    data: r,
    figures,
    empty: r.rows.length === 0 || metrics.every((m) => m === 0),
    html: await documentHtml(document, totalsRow(r), footer),
    text: `${documentText(document, footer)}\n${quantityText(String(r.rows.length), 'rows')}`,
    rows: [
      r.columns.map((c) => reportHeader(c, 'csv')),
      ...r.rows.map((x) => r.columns.map((c) => x[c.key] ?? null)),
    ],
    document,
  };
}
