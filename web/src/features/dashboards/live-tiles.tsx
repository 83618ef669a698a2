/** Real-time tiles: events in the last 5 and 60 minutes, pushed by the live stream's `metrics` messages. */
import { useState } from 'react';
import type { TimelineFilters } from '../../../../src/events/filters.js';
import type { StreamMetrics } from '../../../../src/stream/schema.js';
import { useLiveStream } from '../../api/useLiveStream.js';
import { Icon } from '../../components/icon.js';
import { fmtNumber } from './period.js';

export function LiveTiles({ filters }: { filters: TimelineFilters }) {
  const [m, setM] = useState<StreamMetrics | null>(null);
  const [created, setCreated] = useState(0);
  const status = useLiveStream(
    filters,
    { onMetrics: setM, onCreated: () => setCreated((n) => n + 1) },
    { metrics: true },
  );
  return (
    <section className="card" aria-label="Real time">
      <header className="card-head">
        <div>
          <h2>Real time</h2>
          <p className="muted">
            Events (count) by event time ·{' '}
            {m ? `updated ${new Date(m.at).toLocaleTimeString()}` : 'waiting for the stream'}
          </p>
        </div>
        <span className={`live-status live-${status}`} role="status">
          <Icon name="live" size={16} />
          {status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Offline'}
        </span>
      </header>
      <div className="tiles">
        <div className="tile" data-testid="live-5m">
          <span className="tile-label">Last 5 minutes</span>
          <span className="tile-value">{m ? fmtNumber(m.total_5m) : '—'}</span>
        </div>
        <div className="tile" data-testid="live-60m">
          <span className="tile-label">Last 60 minutes</span>
          <span className="tile-value">{m ? fmtNumber(m.total_60m) : '—'}</span>
        </div>
        <div className="tile">
          <span className="tile-label">New since you opened this page</span>
          <span className="tile-value">{fmtNumber(created)}</span>
        </div>
      </div>
    </section>
  );
}
