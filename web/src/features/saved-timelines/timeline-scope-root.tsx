/** Reads `?timeline=<id>` and provides the saved timeline to the page below it. */
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Spinner } from '../../components/states.js';
import { useTimelineQuery } from './api.js';
import { TimelineScopeProvider } from './timeline-scope.js';

export function TimelineScopeRoot({ children }: { children: ReactNode }) {
  const [params] = useSearchParams();
  const timelineId = params.get('timeline') ?? undefined;
  const timeline = useTimelineQuery(timelineId);
  return (
    <TimelineScopeProvider value={{ timelineId, timeline: timeline.data }}>
      {timeline.isLoading ? (
        // Wait for the configuration: rows then appear once, in the timeline's colours and columns.
        <Spinner label="Opening the timeline" />
      ) : timeline.error ? (
        <main id="main" className="page">
          <div className="state state-error" role="alert">
            <strong>This timeline cannot be opened</strong>
            <span>It was deleted, or it is no longer shared with you.</span>
            <a href="/timeline">Show all activity</a>
          </div>
        </main>
      ) : (
        children
      )}
    </TimelineScopeProvider>
  );
}
