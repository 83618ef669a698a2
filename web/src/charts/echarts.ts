/** ECharts with only the parts the charts use (tree-shaken through echarts/core; src/charts/echarts-parts.ts). */
import { echarts } from '../../../src/charts/echarts-parts.js';

export type { ECElementEvent, EChartsCoreOption as ChartOption } from 'echarts/core';
export { echarts };
