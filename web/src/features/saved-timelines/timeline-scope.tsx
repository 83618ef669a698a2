/**
 * The saved timeline the timeline page shows (`?timeline=<id>`), as context: the page passes its id
 * to the events, histogram and live-stream hooks (api/), and rows read its colours and columns.
 * Outside a timeline (dashboards) the context is empty.
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
