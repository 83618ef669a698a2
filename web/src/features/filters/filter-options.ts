/** Choice lists of the filter bar, from the server's catalogue (one source of truth). */
import {
  DIRECTIONS,
  EVENT_SOURCES,
  EVENT_TYPE_META,
  EVENT_TYPES,
  PRIORITIES,
  SENTIMENTS,
  STATUSES,
} from '../../../../src/events/catalogue.js';
import type { ListKey } from './url-filters.js';

const label = (s: string) => (s.charAt(0).toUpperCase() + s.slice(1)).replace(/_/g, ' ');
const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: label(v) }));

export const ENUM_FILTERS: Array<{
  key: ListKey;
  label: string;
  options: Array<{ value: string; label: string }>;
}> = [
  {
    key: 'type',
    label: 'Type',
    options: EVENT_TYPES.map((t) => ({ value: t, label: EVENT_TYPE_META[t].label })),
  },
  { key: 'source', label: 'Source', options: options(EVENT_SOURCES) },
  { key: 'direction', label: 'Direction', options: options(DIRECTIONS) },
  { key: 'status', label: 'Status', options: options(STATUSES) },
  { key: 'priority', label: 'Priority', options: options(PRIORITIES) },
  { key: 'sentiment', label: 'Sentiment', options: options(SENTIMENTS) },
];

export { label as humanize };
