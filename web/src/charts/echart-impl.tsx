/**
 * An ECharts instance bound to a div: resizes with its container, forwards clicks (drill-down)
 * and dataZoom events. Rendered as SVG with an aria-label describing the chart.
 */
import { useEffect, useRef } from 'react';
import { type ChartOption, type ECElementEvent, echarts } from './echarts.js';

export interface EChartProps {
  option: ChartOption;
  height: number;
  label: string;
  onClick?: (e: ECElementEvent) => void;
  onDataZoom?: (chart: ReturnType<typeof echarts.init>) => void;
}

export function EChartImpl({ option, height, label, onClick, onDataZoom }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ReturnType<typeof echarts.init> | null>(null);
  const handlers = useRef({ onClick, onDataZoom });
  handlers.current = { onClick, onDataZoom };

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chartRef.current = chart;
    chart.on('click', (e) => handlers.current.onClick?.(e as ECElementEvent));
    chart.on('datazoom', () => handlers.current.onDataZoom?.(chart));
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} className="echart" style={{ height }} role="img" aria-label={label} />;
}
