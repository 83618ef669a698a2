import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../api/useReportsQuery.js';
import { formatCell } from './cell-format.js';

const col = (key: string, type: RunResult['columns'][number]['type']) =>
  ({ key, label: key, type, role: 'dimension' }) as RunResult['columns'][number];
const NY = 'America/New_York';

describe("report cells: buckets read in the run's zone, as the bucket they start", () => {
  it('a week, a day and a month starting at midnight in New York, whatever the browser zone', () => {
    // Nov 2 2026 00:00 EST is 05:00Z.
    expect(formatCell('2026-11-02T05:00:00.000Z', col('week', 'datetime'), NY)).toBe('Week of Nov 2, 2026');
    expect(formatCell('2026-11-02T05:00:00.000Z', col('day', 'datetime'), NY)).toBe('Mon, Nov 2, 2026');
    expect(formatCell('2026-11-01T04:00:00.000Z', col('month', 'datetime'), NY)).toBe('November 2026');
    // An hour shows its time, in the run's zone (the repeated 1 AM of the fall-back is 06:00Z here).
    expect(formatCell('2026-11-01T06:00:00.000Z', col('hour', 'datetime'), NY)).toMatch(
      /^Nov 1, 2026, 1:00\sAM$/,
    );
  });

  it('figures with their units', () => {
    expect(formatCell(0.4567, col('rate', 'percent'), NY)).toBe('45.7%');
    expect(formatCell(1062.25, col('avg', 'duration'), NY)).toBe('1,062.3 min');
    expect(formatCell(12345, col('n', 'number'), NY)).toBe('12,345');
    expect(formatCell(null, col('n', 'number'), NY)).toBe('—');
  });
});
