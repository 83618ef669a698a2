/**
 * The ECharts parts the charts in builders.ts need, registered once in echarts/core both by the web
 * app (web/src/charts/echarts.ts) and by the server's SVG renderer (render-svg.ts), so a PDF can
 * draw every chart the screen draws. No Node built-ins: the web app bundles this file.
 */
import { BarChart, GaugeChart, HeatmapChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import {
  AriaComponent,
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
  AriaComponent, // the web app's charts describe their data to screen readers
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

export { echarts };
