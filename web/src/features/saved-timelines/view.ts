/**
 * The open saved timeline's view_preferences, with the page's usual view when none is open:
 * grouping of the list (day, week, none), density, and which panels show.
 */
import { useMemo } from 'react';
import { addDays, localFields } from '../../../../src/time/local-calendar.js';
import { useTimelineScope } from './timeline-scope.js';

export function useTimelineView() {
  const prefs = useTimelineScope().timeline?.view_preferences;
  return useMemo(
    () => ({
      grouping: prefs?.grouping ?? 'day',
      density: prefs?.density ?? 'comfortable',
      // Without a saved timeline every panel shows, as before.
      panels: new Set<string>(prefs?.open_panels ?? ['filters', 'histogram', 'details']),
    }),
    [prefs],
  );
}

/** The calendar week (Monday first) of an instant in `zone`: a stable key, its start, a heading. */
export function groupOf(
  iso: string,
  zone: string,
  date: Intl.DateTimeFormat,
): { key: string; start: number; label: string } {
  const ms = Date.parse(iso);
  const monday = addDays(ms, 1 - localFields(ms, zone).weekday, zone);
  return { key: `w:${monday}`, start: monday, label: `Week of ${date.format(monday)}` };
}
