/**
 * The display label of a catalogue value (`web_visit` → "Web visit"), for charts, tables and files
 * that show a breakdown by one of the event's choice fields. The "none"/"unknown" bucket reads
 * "No outcome"; a value outside the catalogue (from before a list changed) reads humanized.
 */
import {
  DIRECTION_LABELS,
  EVENT_TYPE_META,
  OUTCOME_LABELS,
  PRIORITY_LABELS,
  SENTIMENT_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
} from './catalogue.js';

export type LabelledField = 'type' | 'source' | 'direction' | 'status' | 'priority' | 'sentiment' | 'outcome';

const LABELS: Record<LabelledField, Record<string, string>> = {
  type: Object.fromEntries(Object.entries(EVENT_TYPE_META).map(([k, m]) => [k, m.label])),
  source: SOURCE_LABELS,
  direction: DIRECTION_LABELS,
  status: STATUS_LABELS,
  priority: PRIORITY_LABELS,
  sentiment: SENTIMENT_LABELS,
  outcome: OUTCOME_LABELS,
};

export const isLabelledField = (f: string): f is LabelledField => Object.hasOwn(LABELS, f);

export function valueLabel(field: LabelledField, value: string): string {
  const labels = LABELS[field];
  if (Object.hasOwn(labels, value)) return labels[value] as string;
  // The breakdowns' bucket of events without a value (reports/catalogue.ts: coalesce(…, 'none')).
  if (value === 'none' || value === 'unknown') return `No ${field}`;
  return (value.charAt(0).toUpperCase() + value.slice(1)).replace(/_/g, ' ');
}
