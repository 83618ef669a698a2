/**
 * The chart element used by every page. ECharts (~500 kB) is loaded on demand in its own chunk, so
 * a page's list and figures render before the charting library has arrived.
 */
import { lazy, Suspense } from 'react';
import type { EChartProps } from './echart-impl.js';

const EChartImpl = lazy(() => import('./echart-impl.js').then((m) => ({ default: m.EChartImpl })));

export function EChart(props: EChartProps) {
  return (
    <Suspense fallback={<div className="echart" style={{ height: props.height }} aria-busy="true" />}>
      <EChartImpl {...props} />
    </Suspense>
  );
}
