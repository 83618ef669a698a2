/**
 * Links to saved timelines. Each asks for its timeline's first page as soon as it is pointed at or
 * focused, so the list is usually there when the click lands.
 */
import { Link } from 'react-router';
import { usePrefetchTimeline, useTimelinesQuery } from './api.js';
import type { Timeline } from './types.js';
import './timelines.css';

export function TimelineLink({ timeline }: { timeline: Pick<Timeline, 'id' | 'timeline_name'> }) {
  const prefetch = usePrefetchTimeline();
  return (
    <Link
      to={`/timeline?timeline=${timeline.id}`}
      onPointerEnter={() => prefetch(timeline.id)}
      onFocus={() => prefetch(timeline.id)}
    >
      {timeline.timeline_name}
    </Link>
  );
}

const MAX_LINKS = 8;

/** "My timelines": the user's own saved timelines and those shared with them (none: no card). */
export function MyTimelinesSection({ className = 'span-6' }: { className?: string }) {
  const list = useTimelinesQuery();
  const items = (list.data?.items ?? [])
    .filter((t) => t.relation === 'mine' || t.relation === 'shared')
    .slice(0, MAX_LINKS);
  if (!items.length) return null;
  return (
    <section className={`card ${className}`} aria-labelledby="my-timelines-head">
      <header className="card-head">
        <div>
          <h2 id="my-timelines-head">My timelines</h2>
          <p className="muted">Saved by you or shared with you</p>
        </div>
      </header>
      <ul className="tl-links" data-testid="my-timelines">
        {items.map((t) => (
          <li key={t.id}>
            <TimelineLink timeline={t} />
            {t.is_default && <span className="muted"> · your default</span>}
            {t.relation === 'shared' && <span className="muted"> · shared with you</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
