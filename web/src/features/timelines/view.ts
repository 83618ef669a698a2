/**
 * The open saved timeline's view_preferences, with the page's usual view when none is open:
 * grouping of the list (day, week, none), density, and which panels show.
 */
import { useMemo } from 'react';
import { useTimelineScope } from './timeline-scope.js';

const weekLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

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

/** The local calendar week (Monday first) of an instant: a stable key and a heading. */
export function groupOf(iso: string): { key: string; label: string } {
  const d = new Date(iso);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return { key: `w:${d.toDateString()}`, label: `Week of ${weekLabel.format(d)}` };
}
