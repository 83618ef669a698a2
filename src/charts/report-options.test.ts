/** Report chart labels: bucket starts read in the run's zone, short, and unique across a year. */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../reports/schema.js';
import { reportChartOption } from './report-options.js';

/** A weekly line run in New York (weeks start at 05:00 UTC, midnight there). */
function weekly(starts: string[], from: string, to: string): RunResult {
  return {
    title: 'Weekly',
    subtitle: '',
    columns: [
      { key: 'week', label: 'Week', type: 'datetime', role: 'dimension' },
      { key: 'activities', label: 'Activities', type: 'number', unit: 'events', role: 'metric' },
    ],
    rows: starts.map((week, i) => ({ week, activities: i + 1 })),
    keys: starts.map((week) => ({ week })),
    drill: starts.map(() => null),
    totals: {},
    period: { from, to, tz: 'America/New_York', bucket: 'week' },
    visualization: 'line',
    dimensions: ['week'],
    metrics: ['activities'],
    restricted: false,
    truncated: false,
  };
}

/** The option of a run that draws a chart (a table draws none). */
function option(r: RunResult) {
  const o = reportChartOption(r);
  if (!o) throw new Error('no chart option');
  return o as { xAxis: { data: string[] }; series: Array<{ data: Array<{ value: number }> }> };
}
const categories = (r: RunResult) => option(r).xAxis.data;

describe('report chart labels', () => {
  it("a week reads as its date in the run's zone, without a time", () => {
    const r = weekly(
      ['2026-11-02T05:00:00.000Z', '2026-11-09T05:00:00.000Z'],
      '2026-11-02T05:00:00.000Z',
      '2026-11-16T05:00:00.000Z',
    );
    expect(categories(r)).toEqual(['Nov 2', 'Nov 9']);
  });

  it('a period across two years names the year, so the same day of each year stays two buckets', () => {
    const r = weekly(
      ['2025-12-07T05:00:00.000Z', '2026-12-07T05:00:00.000Z'],
      '2025-12-07T05:00:00.000Z',
      '2026-12-08T05:00:00.000Z',
    );
    expect(categories(r)).toEqual(['Dec 7, 2025', 'Dec 7, 2026']);
    expect(option(r).series[0]?.data.map((d) => d.value)).toEqual([1, 2]);
  });
});
