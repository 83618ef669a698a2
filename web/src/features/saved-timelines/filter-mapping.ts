/**
 * Between the page's URL filters and a saved timeline: the date preset becomes a relative
 * date_range_default (so "last 30 days" stays rolling), an explicit zoom becomes an absolute range.
 */
import type { TimelineFilters } from '../../../../src/events/filters.js';
import type { RelativeRange } from '../../../../src/timelines/catalogue.js';
import type { Filters } from '../filters/url-filters.js';
import type { Timeline } from './types.js';

const PRESET_TO_RANGE: Record<string, RelativeRange> = {
  today: 'today',
  yesterday: 'yesterday',
  this_week: 'this_week',
  last_week: 'last_week',
  this_month: 'this_month',
  last_month: 'last_month',
  this_quarter: 'this_quarter',
  '7d': 'last_7_days',
  '30d': 'last_30_days',
  '90d': 'last_90_days',
  '1y': 'last_365_days',
};

type DateRange = Timeline['date_range_default'];

/** The filters without the date part (list and text filters only). */
export function withoutDates(filters: Filters): TimelineFilters {
  const { range: _range, from: _from, to: _to, ...rest } = filters;
  return Object.fromEntries(
    Object.entries(rest).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '')),
  ) as TimelineFilters;
}

/**
 * The date selector's value for a timeline's own window: the matching preset, 'custom' for fixed
 * dates or a relative range without a preset, 'all' for none.
 */
export function presetOfRange(range: DateRange): string {
  if (range.relative) {
    const preset = Object.entries(PRESET_TO_RANGE).find(([, r]) => r === range.relative)?.[0];
    return preset ?? 'custom';
  }
  return range.from || range.to ? 'custom' : 'all';
}

export function dateRangeOf(filters: Filters): DateRange {
  if (filters.from || filters.to) return { from: filters.from, to: filters.to };
  const relative = filters.range ? PRESET_TO_RANGE[filters.range] : undefined;
  return relative ? { relative } : {};
}

/**
 * A new timeline's configuration from what the page shows now. What the page leaves unset is left
 * out, so the server fills the defaults of the timeline's type (e.g. "my events" for personal).
 */
export function timelineConfigFrom(filters: Filters) {
  const default_filters = withoutDates(filters);
  const hasDates = filters.from || filters.to || filters.range;
  return {
    ...(Object.keys(default_filters).length ? { default_filters } : {}),
    ...(hasDates ? { date_range_default: dateRangeOf(filters) } : {}),
  };
}

/** A saved filter from the page's filters: a zoomed range is kept, a rolling preset is not frozen. */
export function savedFilterFrom(filters: Filters): TimelineFilters {
  const dates = filters.from || filters.to ? { from: filters.from, to: filters.to } : {};
  return { ...withoutDates(filters), ...dates };
}

/** URL filters that show a saved filter (it narrows the timeline like any request filter). */
export function filtersOfSaved(saved: TimelineFilters): Filters {
  return { ...saved };
}

/** How each relative range reads: the catalogue's words, the same in runs and documents. */
export { RELATIVE_RANGE_LABELS as RANGE_LABELS } from '../../../../src/timelines/catalogue.js';
