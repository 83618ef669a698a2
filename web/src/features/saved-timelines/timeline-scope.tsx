/**
 * The saved timeline the timeline page shows (`?timeline=<id>`), as context: the events, histogram
 * and live-stream hooks read it to call the timeline's endpoints, and rows read its colours and
 * columns. Outside a timeline (dashboards) the context is empty and those hooks behave as before.
 */
import { createContext, useContext } from 'react';
import type { Timeline } from './types.js';

export interface TimelineScope {
  timelineId?: string;
  /** Loaded configuration (undefined while loading). */
  timeline?: Timeline;
}

const ScopeContext = createContext<TimelineScope>({});
export const TimelineScopeProvider = ScopeContext.Provider;

export function useTimelineScope(): TimelineScope {
  return useContext(ScopeContext);
}

/** Path of the events list: the saved timeline's (its filters applied server-side) or the company's. */
export const eventsPath = (timelineId?: string) =>
  timelineId ? `/timelines/${timelineId}/events` : '/events';
export const histogramPath = (timelineId?: string) =>
  timelineId ? `/timelines/${timelineId}/histogram` : '/events/histogram';
