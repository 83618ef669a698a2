/**
 * Server-side chart rendering: an ECharts option (from builders.ts, as the web app draws it) to an
 * SVG string with ECharts' SSR SVG renderer, for PDF exports. The parts are registered in echarts-parts.ts,
 * shared with the web app.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { echarts } from './echarts-parts.js';

/** The chart as a standalone SVG document of width × height pixels (1 px = 1 PDF point when embedded). */
export function renderChartSvg(option: EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
