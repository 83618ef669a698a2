/** ECharts with only the parts this app uses (tree-shaken through echarts/core). */
import { BarChart, GaugeChart, HeatmapChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
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
  SVGRenderer,
  LegacyGridContainLabel, // builders.ts lays bar charts out with grid.containLabel
]);

export type { ECElementEvent, EChartsCoreOption as ChartOption } from 'echarts/core';
export { echarts };
