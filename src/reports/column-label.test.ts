/** A run column's label where rates read as percentages: the unit "(fraction)" goes, others stay. */
import { expect, it } from 'vitest';
import { readableColumnLabel } from './column-label.js';

it('drops a rate\'s "(fraction)" and keeps every other label as the run gives it', () => {
  expect(readableColumnLabel({ label: 'Success rate (fraction)', type: 'percent', unit: 'fraction' })).toBe(
    'Success rate',
  );
  expect(readableColumnLabel({ label: 'Activities (events)', type: 'number', unit: 'events' })).toBe(
    'Activities (events)',
  );
  expect(readableColumnLabel({ label: 'Type', type: 'text' })).toBe('Type');
  // A label that does not end with its unit is left alone rather than cut short.
  expect(readableColumnLabel({ label: 'Rate', type: 'percent', unit: 'fraction' })).toBe('Rate');
});
