import { describe, expect, it } from 'vitest';
import { EVENT_SOURCES, EVENT_TYPES, OUTCOMES } from './catalogue.js';
import { valueLabel } from './value-labels.js';

describe('valueLabel: catalogue values as people read them', () => {
  it('reads the catalogue labels, never the raw key', () => {
    expect(valueLabel('type', 'web_visit')).toBe('Web visit');
    expect(valueLabel('type', 'sms')).toBe('SMS');
    expect(valueLabel('source', 'phone_system')).toBe('Phone system');
    expect(valueLabel('source', 'api')).toBe('API');
    expect(valueLabel('outcome', 'meeting_booked')).toBe('Meeting booked');
    expect(valueLabel('direction', 'inbound')).toBe('Inbound');
    for (const [field, values] of [
      ['type', EVENT_TYPES],
      ['source', EVENT_SOURCES],
      ['outcome', OUTCOMES],
    ] as const)
      for (const v of values) expect(valueLabel(field, v)).not.toMatch(/_|^[a-z]/);
  });

  it('names the bucket of events without a value, and humanizes values it does not know', () => {
    expect(valueLabel('outcome', 'none')).toBe('No outcome');
    expect(valueLabel('direction', 'unknown')).toBe('No direction');
    expect(valueLabel('source', 'legacy_crm')).toBe('Legacy crm');
    // Not a key of the prototype either.
    expect(valueLabel('type', 'constructor')).toBe('Constructor');
  });
});
