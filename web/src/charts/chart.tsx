/**
 * The chart element used by every page. ECharts (~500 kB) is loaded on demand in its own chunk, so
 * a page's list and figures render before the charting library has arrived (a skeleton holds the
 * chart's place meanwhile). Every chart has a "Show as table" toggle: the same data as a focusable
 * table whose links drill down exactly where a click on the chart would (keyboard and screen readers).
 */
import { useState } from 'react';
import { onDemand } from '../components/on-demand.js';
import type { EChartProps } from './echart-impl.js';
import { optionToTable } from './option-table.js';

// Not fetched ahead of the data: measured (#16), evaluating ECharts while a page's data arrived
// delayed its first rows and figures more than it brought the charts forward.
const EChartImpl = onDemand<EChartProps>(
  () => import('./echart-impl.js').then((m) => m.EChartImpl),
  (props) => <ChartSkeleton height={props.height} />,
);

export function ChartSkeleton({ height }: { height: number }) {
  return (
    <div className="echart skeleton" style={{ height }} aria-busy="true">
      <span className="sr-only">Loading chart…</span>
    </div>
  );
}

export function EChart({
  table = true,
  ...props
}: EChartProps & { tableLabel?: (name: string) => string; table?: boolean }) {
  const [asTable, setAsTable] = useState(false);
  if (!table) return <EChartImpl {...props} />;
  return (
    <div className="chart-frame">
      <div className="chart-switch">
        <button
          type="button"
          className="btn btn-ghost"
          aria-pressed={asTable}
          onClick={() => setAsTable((v) => !v)}
        >
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </div>
      {asTable ? <ChartDataTable {...props} /> : <EChartImpl {...props} />}
    </div>
  );
}

function ChartDataTable({
  option,
  label,
  onClick,
  tableLabel,
}: EChartProps & { tableLabel?: (n: string) => string }) {
  const table = optionToTable(option, tableLabel);
  return (
    <div className="chart-table">
      <table className="table" data-testid="chart-table">
        <caption className="sr-only">{label}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col" className={c === table.columns[0] ? undefined : 'num'}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (a category may repeat)
            <tr key={`${r.cells[0]}-${i}`}>
              {r.cells.map((c, j) =>
                j === 0 ? (
                  <th key="name" scope="row">
                    {onClick ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onClick(r.event as Parameters<typeof onClick>[0])}
                      >
                        {c}
                      </button>
                    ) : (
                      c
                    )}
                  </th>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells of a row are positional
                  <td key={j} className="num">
                    {typeof c === 'number' ? c.toLocaleString() : c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
