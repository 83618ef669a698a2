/** The shared builders' tooltips: figures with thousands separators and their unit. */
import { expect, it } from 'vitest';
import { heatmapOption, pieOption, trendOption } from './builders.js';

it('the patterns heatmap, a pie and the trend write counts with separators and the unit', () => {
  const cells = Array.from({ length: 7 }, () => Array(24).fill(0));
  const heatmap = heatmapOption(cells, 'events') as {
    tooltip: { formatter: (p: { value: number[] }) => string };
  };
  expect(heatmap.tooltip.formatter({ value: [9, 0, 1234] })).toBe('Mon 9:00 — 1,234 events');
  const pie = pieOption([{ label: 'Call', value: 1234 }], 'events') as {
    tooltip: { valueFormatter: (v: unknown) => string };
  };
  expect(pie.tooltip.valueFormatter(1234)).toBe('1,234 events');
  const trend = trendOption(
    [{ start: '2026-11-02T00:00:00.000Z', total: 1234 }],
    undefined,
    'day',
    'events',
    0,
  ) as {
    tooltip: { valueFormatter: (v: unknown) => string };
  };
  expect(trend.tooltip.valueFormatter(1234)).toBe('1,234 events');
  expect(trend.tooltip.valueFormatter(null)).toBe('—');
});
