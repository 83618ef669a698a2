/**
 * A rep's morning: what is overdue, what is scheduled for today, and how many inbound messages are
 * still unanswered — each a list or a count linking to the timeline, before any chart.
 */
import { Link } from 'react-router';
import type { MeDashboard } from '../../../../../src/dashboards/schema.js';
import { useRecentEventsQuery } from '../../../api/useRecentEventsQuery.js';
import { timelineHref } from '../../filters/url-filters.js';
import { plural } from '../durations.js';
import { formatMinutes } from '../period.js';

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function today() {
  const from = new Date();
  from.setHours(0, 0, 0, 0);
  const to = new Date(from);
  to.setDate(to.getDate() + 1);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** `from`: the start of the bundle's period, which the unanswered count covers (so does its link). */
export function AgendaSection({
  userId,
  bundle,
  from,
}: {
  userId: string;
  bundle?: MeDashboard;
  from?: string;
}) {
  const day = today();
  const scheduled = useRecentEventsQuery({ user_id: [userId], status: ['scheduled'], ...day }, 50);
  const overdue = (bundle?.realtime.overdue.items ?? []).filter((o) => o.user_id === userId);
  const todays = [...(scheduled.data ?? [])].sort((a, b) =>
    a.event_timestamp.localeCompare(b.event_timestamp),
  );
  const unanswered = bundle?.response_times.overall.unanswered;
  return (
    <section className="card span-12" aria-labelledby="agenda-head" data-testid="agenda">
      <header className="card-head">
        <h2 id="agenda-head">Today</h2>
      </header>
      <div className="agenda-grid">
        <div>
          <h3>Overdue ({overdue.length})</h3>
          {overdue.length ? (
            <ul className="agenda" data-testid="agenda-overdue">
              {overdue.slice(0, 6).map((o) => (
                <li key={o.id}>
                  <Link to={timelineHref({ user_id: [userId], customer_id: [o.customer_id] })}>
                    {o.title}
                  </Link>
                  <span className="delta-down">{formatMinutes(o.overdue_minutes)} late</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing overdue.</p>
          )}
        </div>
        <div>
          <h3>Scheduled today ({scheduled.isPending ? '…' : todays.length})</h3>
          {todays.length ? (
            <ul className="agenda" data-testid="agenda-today">
              {todays.slice(0, 6).map((e) => (
                <li key={e.id}>
                  <Link to={timelineHref({ user_id: [userId], ...day })}>{e.event_title}</Link>
                  <time dateTime={e.event_timestamp}>{time.format(new Date(e.event_timestamp))}</time>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{scheduled.isPending ? 'Loading…' : 'Nothing scheduled for today.'}</p>
          )}
        </div>
        <div>
          <h3>Unanswered inbound</h3>
          <p data-testid="agenda-unanswered">
            {unanswered == null ? '…' : plural(unanswered, 'message')} without a reply this period
          </p>
          <Link
            className="btn"
            to={timelineHref({ user_id: [userId], unanswered: true, from })}
            data-testid="agenda-unanswered-link"
          >
            Open my unanswered
          </Link>
        </div>
      </div>
    </section>
  );
}
