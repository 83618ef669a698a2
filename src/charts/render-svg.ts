/**
 * Server-side chart rendering: an ECharts option (from builders.ts, as the web app draws it) to an
 * SVG string with ECharts' SSR SVG renderer, for PDF exports. Server-only (the web app draws with
 * its own instance in web/src/charts/echarts.ts).
 */
import { BarChart, GaugeChart, HeatmapChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { LegacyGridContainLabel } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  HeatmapChart,
  SankeyChart,
  GaugeChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  VisualMapComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
  LegacyGridContainLabel, // builders.ts lays bar charts out with grid.containLabel
]);

/** The chart as a standalone SVG document of width × height pixels (1 px = 1 PDF point when embedded). */
export function renderChartSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
