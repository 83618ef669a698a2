/**
 * An ECharts instance bound to a div: resizes with its container, forwards clicks (drill-down)
 * and dataZoom events. Rendered as SVG with ECharts' aria (a generated description of the data)
 * and an aria-label; drawn in ECharts' dark theme when the app is dark (re-created on a change).
 */
import { useEffect, useRef } from 'react';
import { useTheme } from '../components/theme.js';
import { type ChartOption, type ECElementEvent, echarts } from './echarts.js';

export interface EChartProps {
  option: ChartOption;
  height: number;
  label: string;
  onClick?: (e: ECElementEvent) => void;
  onDataZoom?: (chart: ReturnType<typeof echarts.init>) => void;
}

/** The option as drawn: accessible description on, background left to the card (both themes). */
const withAria = (option: ChartOption, label: string): ChartOption => ({
  backgroundColor: 'transparent',
  ...option,
  aria: { enabled: true, label: { description: label } },
});

export function EChartImpl({ option, height, label, onClick, onDataZoom }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ReturnType<typeof echarts.init> | null>(null);
  const handlers = useRef({ onClick, onDataZoom });
  handlers.current = { onClick, onDataZoom };
  const theme = useTheme();
  const latest = useRef({ option, label });
  latest.current = { option, label };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: ReturnType<typeof echarts.init> | undefined;
    const ro = new ResizeObserver(() => chart?.resize());
    // Drawn in a task of its own: the commit that brings a page's data (its figures, its list) is
    // painted first instead of waiting for every chart of the page to be laid out and drawn.
    const timer = setTimeout(() => {
      chart = echarts.init(el, theme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
      chartRef.current = chart;
      chart.setOption(withAria(latest.current.option, latest.current.label), { notMerge: true });
      chart.on('click', (e) => handlers.current.onClick?.(e as ECElementEvent));
      chart.on('datazoom', () => handlers.current.onDataZoom?.(chart as ReturnType<typeof echarts.init>));
      ro.observe(el);
    });
    return () => {
      clearTimeout(timer);
      ro.disconnect();
      chart?.dispose();
      chartRef.current = null;
    };
  }, [theme]);

  useEffect(() => {
    chartRef.current?.setOption(withAria(option, label), { notMerge: true });
  }, [option, label]);

  return (
    <div ref={ref} className="echart" style={{ height }} role="img" aria-label={label} data-theme={theme} />
  );
}
