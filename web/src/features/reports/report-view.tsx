/** A report run drawn as its visualization (table or ECharts chart); a cell or chart element drills down to the timeline. */
import { useNavigate } from 'react-router';
import { reportChartOption } from '../../../../src/charts/report-options.js';
import { readableColumnLabel } from '../../../../src/reports/column-label.js';
import type { RunResult } from '../../api/useReportsQuery.js';
import { EChart } from '../../charts/chart.js';
import { timelineHref } from '../filters/url-filters.js';
import { formatCell } from './cell-format.js';

/** The timeline URL of a row's slice, or null when the timeline cannot filter to it. */
export function drillHref(r: RunResult, i: number): string | null {
  const slice = r.drill[i];
  if (!slice) return null;
  return timelineHref({ ...(slice.filters as object), from: slice.from, to: slice.to });
}

function ReportTable({ r }: { r: RunResult }) {
  const navigate = useNavigate();
  return (
    <div className="table-scroll">
      <table className="report-table">
        <caption className="sr-only">{r.title}</caption>
        <thead>
          <tr>
            {r.columns.map((c) => (
              <th key={c.key} scope="col" className={c.role === 'metric' ? 'num' : undefined}>
                {readableColumnLabel(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.rows.map((row, i) => {
            const href = drillHref(r, i);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; their order is the run's
              <tr key={i}>
                {r.columns.map((c) => (
                  <td key={c.key} className={c.role === 'metric' ? 'num' : undefined} data-column={c.key}>
                    {c.role === 'metric' && href ? (
                      <button
                        type="button"
                        className="linklike"
                        onClick={() => void navigate(href)}
                        title="Open these activities in the timeline"
                      >
                        {formatCell(row[c.key] ?? null, c, r.period.tz)}
                      </button>
                    ) : (
                      formatCell(row[c.key] ?? null, c, r.period.tz)
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What the figures leave out: rows past the limit, people whose figures the viewer may not see. */
function ReportNotes({ r }: { r: RunResult }) {
  if (!r.truncated && !r.restricted) return null;
  return (
    <ul className="report-notes muted">
      {r.truncated ? (
        <li>
          Showing the first {r.rows.length.toLocaleString('en-US')} {r.rows.length === 1 ? 'row' : 'rows'}:
          more matched (the totals cover them all).
        </li>
      ) : null}
      {r.restricted ? <li>Rows of people whose figures you may not see are left out.</li> : null}
    </ul>
  );
}

export function ReportView({ r }: { r: RunResult }) {
  const navigate = useNavigate();
  const option = reportChartOption(r);
  if (!option)
    return (
      <>
        <ReportTable r={r} />
        <ReportNotes r={r} />
      </>
    );
  return (
    <>
      <EChart
        option={option}
        height={360}
        label={`${r.title}: ${r.visualization.replace('_', ' ')} chart`}
        onClick={(e) => {
          const row =
            (e.data as { row?: number } | undefined)?.row ??
            (r.visualization === 'pie' ? e.dataIndex : undefined);
          const href = row === undefined ? null : drillHref(r, row);
          if (href) void navigate(href);
        }}
      />
      <details className="report-data">
        <summary>Data table</summary>
        <ReportTable r={r} />
      </details>
      <ReportNotes r={r} />
    </>
  );
}
