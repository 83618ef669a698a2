/**
 * "Show as table": each value written as the chart's tooltip writes it, so a rate the chart shows
 * as a percentage is not listed as a bare fraction, and counts and durations carry their unit.
 */
import { describe, expect, it } from 'vitest';
import {
  barOption,
  gaugeOption,
  heatmapOption,
  pieOption,
  trendOption,
} from '../../../src/charts/builders.js';
import { renderChartSvg } from '../../../src/charts/render-svg.js';
import { reportChartOption } from '../../../src/charts/report-options.js';
import type { RunResult } from '../../../src/reports/schema.js';
import { runResult } from '../../../src/reports/testing/run-result.js';
import type { ChartOption } from './echarts.js';
import { optionToTable } from './option-table.js';

/** A bar run by type: a rate (fractions 0–1) and a count. */
function run(visualization: RunResult['visualization']): RunResult {
  return runResult({
    columns: [
      { key: 'type', label: 'Type', type: 'text', role: 'dimension' },
      { key: 'completion_rate', label: 'Completion rate', type: 'percent', unit: 'fraction', role: 'metric' },
      { key: 'activities', label: 'Activities', type: 'number', unit: 'events', role: 'metric' },
    ],
    rows: [
      { type: 'Call', completion_rate: 0.5, activities: 1234 },
      { type: 'Email', completion_rate: null, activities: 2 },
    ],
    period: { from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z', tz: 'UTC', bucket: 'day' },
    visualization,
  });
}

/** The chart as ECharts draws it (SVG), without the ids and class numbers each render counts on. */
function drawn(option: ChartOption): string {
  const seen = new Map<string, number>();
  return renderChartSvg(option, 480, 320).replace(/zr\d+-[a-z]+-?\d+/g, (id) => {
    const key = id.replace(/^zr\d+-/, '');
    if (!seen.has(key)) seen.set(key, seen.size);
    return `id${seen.get(key)}`;
  });
}

const cells = (option: ChartOption | null) => optionToTable(option as ChartOption).rows.map((r) => r.cells);

describe('chart table cells', () => {
  it("a report's rate reads as the chart's percentage, its count with its unit", () => {
    expect(cells(reportChartOption(run('bar')))).toEqual([
      ['Call', '50.0%', '1,234 events'],
      ['Email', '—', '2 events'],
    ]);
  });

  it('a percentage bar chart and a minutes bar chart carry their unit', () => {
    expect(cells(barOption([{ label: 'Ann', value: 47.1 }], '%'))).toEqual([['Ann', '47.1 %']]);
    expect(cells(barOption([{ label: 'Email', value: 90.25, previous: 30 }], 'min'))).toEqual([
      ['Email', '90.3 min', '30 min'],
    ]);
  });

  it('the trend, a pie and the patterns heatmap: counts with separators and the unit', () => {
    // A week later: the bucket is complete (no partial series).
    const now = Date.parse('2026-11-09T00:00:00.000Z');
    const trend = trendOption(
      [{ start: '2026-11-02T00:00:00.000Z', total: 1234 }],
      undefined,
      'day',
      'events',
      now,
    );
    expect(cells(trend).map((r) => r.slice(1))).toEqual([['1,234 events']]);
    expect(cells(pieOption([{ label: 'Call', value: 1234 }], 'events'))).toEqual([
      ['Call', '1,234 events', '100.0 %'],
    ]);
    const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    (grid[0] as number[])[9] = 1234;
    const patterns = optionToTable(heatmapOption(grid, 'events'));
    expect(patterns.columns).toEqual(['Weekday', 'Hour', 'Value']);
    expect(patterns.rows.map((r) => r.cells)).toEqual([['Mon', '9:00', '1,234 events']]);
  });

  it("a report heatmap lists its cells under its dimensions' labels, values as its tooltip writes them", () => {
    const r = runResult({
      columns: [
        { key: 'type', label: 'Type', type: 'text', role: 'dimension' },
        { key: 'direction', label: 'Direction', type: 'text', role: 'dimension' },
        {
          key: 'completion_rate',
          label: 'Completion rate',
          type: 'percent',
          unit: 'fraction',
          role: 'metric',
        },
      ],
      rows: [
        { type: 'Call', direction: 'Inbound', completion_rate: 0.4567 },
        { type: 'Call', direction: 'Outbound', completion_rate: 0 },
        { type: 'Email', direction: 'Outbound', completion_rate: null },
      ],
      period: { from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z', tz: 'UTC', bucket: 'day' },
      visualization: 'heatmap',
    });
    const option = reportChartOption(r) as ChartOption;
    const table = optionToTable(option);
    // Headed as the report labels its dimensions (rows: Type, columns: Direction)…
    expect(table.columns).toEqual(['Type', 'Direction', 'Completion rate']);
    // …by names the chart does not draw: no such text, and the same drawing as without them.
    expect(drawn(option)).not.toMatch(/>(Type|Direction)</);
    const [series] = option.series as Array<Record<string, unknown>>;
    expect(drawn(option)).toBe(drawn({ ...option, series: [{ ...series, dimensions: undefined }] }));
    // Every cell, a 0 % one too; a missing rate (drawn as 0) reads "—" as in the tooltip.
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['Call', 'Inbound', '45.7%'],
      ['Call', 'Outbound', '0.0%'],
      ['Email', 'Outbound', '—'],
    ]);
    // Each row sends the cell's item, whose `row` the report's click handler drills down to.
    expect(table.rows.map((row) => (row.event.data as { row?: number }).row)).toEqual([0, 1, 2]);
  });

  it("a report line or bar chart's rows carry the item a click on its mark sends (its row drills down)", () => {
    const rowsOf = (option: ChartOption | null) =>
      optionToTable(option as ChartOption).rows.map((r) => [
        r.event.seriesName,
        (r.event.data as { row?: number } | undefined)?.row,
      ]);
    // Email's rate is missing (no mark): its row goes by its activities' mark, as a click there would.
    expect(rowsOf(reportChartOption(run('line')))).toEqual([
      ['Completion rate', 0],
      ['Activities', 1],
    ]);
    expect(rowsOf(reportChartOption(run('bar')))).toEqual([
      ['Completion rate', 0],
      ['Activities', 1],
    ]);
    // By type × direction: Email has no inbound bar, so its row drills down by its outbound one.
    const byDirection = runResult({
      columns: [
        { key: 'type', label: 'Type', type: 'text', role: 'dimension' },
        { key: 'direction', label: 'Direction', type: 'text', role: 'dimension' },
        { key: 'activities', label: 'Activities', type: 'number', unit: 'events', role: 'metric' },
      ],
      rows: [
        { type: 'Call', direction: 'Inbound', activities: 3 },
        { type: 'Call', direction: 'Outbound', activities: 4 },
        { type: 'Email', direction: 'Outbound', activities: 5 },
      ],
      period: { from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z', tz: 'UTC', bucket: 'day' },
      visualization: 'line',
    });
    expect(rowsOf(reportChartOption(byDirection))).toEqual([
      ['Inbound', 0],
      ['Outbound', 2],
    ]);
  });

  it('a gauge reads as its figure, past 100 % too', () => {
    expect(cells(gaugeOption(12, 10, 'Calls'))).toEqual([['Calls', '120%']]);
  });
});
