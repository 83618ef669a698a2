/**
 * What the date selector and the chips show and do on the timeline page. With a saved timeline
 * open, they show the timeline's own window and filters, and change the timeline itself (PATCH) when
 * one may edit it; otherwise, and for the page's own narrowing, they write the URL.
 */
import type { TimelineFilters } from '../../../../src/events/filters.js';
import type { Filters } from '../filters/url-filters.js';
import { useUpdateTimeline } from '../saved-timelines/api.js';
import { dateRangeOf, presetOfRange } from '../saved-timelines/filter-mapping.js';
import { useTimelineScope } from '../saved-timelines/timeline-scope.js';

type SetFilters = (next: Filters, options?: { replace?: boolean }) => void;

export function useRangeControl(filters: Filters, setFilters: SetFilters) {
  const { timeline } = useTimelineScope();
  const update = useUpdateTimeline();
  const editable = !!timeline?.permissions.edit;
  const narrowed = !!(filters.from || filters.to || filters.range);
  const own = timeline && !narrowed ? timeline.date_range_default : undefined;
  const value = filters.from || filters.to ? 'custom' : (filters.range ?? (own ? presetOfRange(own) : 'all'));
  const range = {
    value,
    from: filters.from ?? own?.from,
    to: filters.to ?? own?.to,
    onPreset: (id: string) => {
      if (timeline && editable && !narrowed)
        update.mutate({ timeline, patch: { date_range_default: dateRangeOf({ range: id }) } });
      else setFilters({ ...filters, range: id, from: undefined, to: undefined });
    },
    onCustom: (from?: string, to?: string) => {
      if (timeline && editable && !narrowed && (from || to))
        update.mutate({ timeline, patch: { date_range_default: { from, to } } });
      else setFilters({ ...filters, range: undefined, from, to });
    },
  };
  const chips = timeline
    ? {
        name: timeline.timeline_name,
        filters: timeline.default_filters,
        onChange: editable
          ? (next: TimelineFilters) => update.mutate({ timeline, patch: { default_filters: clean(next) } })
          : undefined,
      }
    : undefined;
  return { range, chips };
}

/** Without the emptied lists a chip's removal leaves (the schema wants none or some values). */
function clean(f: TimelineFilters): TimelineFilters {
  return Object.fromEntries(
    Object.entries(f).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '')),
  ) as TimelineFilters;
}
