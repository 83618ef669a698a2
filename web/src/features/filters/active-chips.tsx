/**
 * Chips for what narrows the list: the open saved timeline's own filters (removable in place when
 * one may edit it) and the page's filters from the URL (always removable). Times in the page's zone.
 */
import type { TimelineFilters } from '../../../../src/events/filters.js';
import { useCustomersQuery, useTeamsQuery, useUsersQuery } from '../../api/useDirectoryQuery.js';
import { Icon } from '../../components/icon.js';
import { type DisplayZone, useDisplayZone } from '../timeline-view/display-zone.js';
import { humanize } from './filter-options.js';
import { type Filters, WEEKDAY_NAMES } from './url-filters.js';

interface Chip {
  key: string;
  text: string;
  next: Filters;
}

/** One chip per value; `next` is the filter set without it. */
export function chipsOf(
  filters: Filters,
  nameOf: (key: string, id: string) => string,
  z: DisplayZone,
): Chip[] {
  const chips: Chip[] = [];
  for (const [k, v] of Object.entries(filters)) {
    if (k === 'range' || k === 'q' || k === 'tz') continue; // tz: shown in weekday/hour chips
    if (k === 'unanswered') {
      if (v) chips.push({ key: k, text: 'Unanswered inbound', next: { ...filters, unanswered: undefined } });
      continue;
    }
    if (k === 'weekday' || k === 'hour') {
      for (const item of v as number[]) {
        const text = k === 'weekday' ? (WEEKDAY_NAMES[item - 1] ?? String(item)) : `${item}:00–${item}:59`;
        const zone = filters.tz ? ` (${filters.tz})` : '';
        chips.push({
          key: `${k}:${item}`,
          text: `${k === 'weekday' ? 'Weekday' : 'Hour'}: ${text}${zone}`,
          next: { ...filters, [k]: (v as number[]).filter((x) => x !== item) },
        });
      }
    } else if (Array.isArray(v)) {
      for (const item of v as string[]) {
        const text = k.endsWith('_id') ? nameOf(k, item) : humanize(item);
        chips.push({
          key: `${k}:${item}`,
          text: `${humanize(k.replace('_id', ''))}: ${text}`,
          next: { ...filters, [k]: (v as string[]).filter((x) => x !== item) },
        });
      }
    } else if (v) {
      const text = k === 'from' || k === 'to' ? z.dateTime.format(new Date(String(v))) : String(v);
      chips.push({ key: k, text: `${humanize(k)}: ${text}`, next: { ...filters, [k]: undefined } });
    }
  }
  return chips;
}

function useNames() {
  const users = useUsersQuery();
  const teams = useTeamsQuery();
  const customers = useCustomersQuery();
  return (k: string, v: string) => {
    const list =
      k === 'user_id' ? users.data?.items : k === 'team_id' ? teams.data?.items : customers.data?.items;
    return list?.find((x) => x.id === v)?.name ?? `${v.slice(0, 8)}…`;
  };
}

interface Props {
  filters: Filters;
  onChange: (next: Filters) => void;
  /** The open saved timeline's filters, and how to change them (absent: read-only). */
  timeline?: { name: string; filters: TimelineFilters; onChange?: (next: TimelineFilters) => void };
}

export function ActiveChips({ filters, onChange, timeline }: Props) {
  const nameOf = useNames();
  const zone = useDisplayZone();
  const own = chipsOf(filters, nameOf, zone);
  const saved = timeline ? chipsOf(timeline.filters, nameOf, zone) : [];
  if (!own.length && !saved.length) return null;
  return (
    <ul className="chips" aria-label="Active filters">
      {saved.map((c) => (
        <li key={`t:${c.key}`}>
          {timeline?.onChange ? (
            <button
              type="button"
              className="chip chip-timeline"
              onClick={() => timeline.onChange?.(c.next)}
              aria-label={`Remove ${c.text} from the timeline “${timeline.name}”`}
            >
              {c.text} <Icon name="close" size={14} />
            </button>
          ) : (
            <span className="chip chip-timeline" title={`Part of the timeline “${timeline?.name}”`}>
              {c.text}
            </span>
          )}
        </li>
      ))}
      {own.map((c) => (
        <li key={c.key}>
          <button
            type="button"
            className="chip"
            onClick={() => onChange(c.next)}
            aria-label={`Remove filter ${c.text}`}
          >
            {c.text} <Icon name="close" size={14} />
          </button>
        </li>
      ))}
    </ul>
  );
}
