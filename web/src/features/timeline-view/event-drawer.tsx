/**
 * The drill-down drawer: everything about one event, and the customer's recent history with links
 * to the customer's timeline and journey. A modal dialog: focus moves in, Escape closes, focus returns.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { apiFetch } from '../../api/client.js';
import { keys } from '../../api/keys.js';
import type { Event, Page } from '../../api/types.js';
import { useEventQuery } from '../../api/useEventQuery.js';
import { Icon } from '../../components/icon.js';
import { ErrorState, Spinner } from '../../components/states.js';
import { TypeBadge, TypeIcon } from '../../components/type-badge.js';
import { humanize } from '../filters/filter-options.js';
import { timelineHref } from '../filters/url-filters.js';
import { useDisplayZone } from './display-zone.js';

export function EventDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const query = useEventQuery(id);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      if (e.key === 'Tab' && panel.current) trapFocus(e, panel.current);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, [onClose]);
  const e = query.data;
  return (
    <>
      <button
        type="button"
        className="drawer-backdrop"
        aria-label="Close details"
        tabIndex={-1}
        onClick={onClose}
      />
      <div
        ref={panel}
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="drawer-title"
        tabIndex={-1}
      >
        <div className="drawer-head">
          <h2 id="drawer-title">{e ? e.event_title : 'Activity'}</h2>
          <button type="button" className="btn btn-icon" onClick={onClose} aria-label="Close details">
            <Icon name="close" />
          </button>
        </div>
        {query.isPending && <Spinner label="Loading the activity" />}
        {query.error && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
        {e && <EventDetails event={e} />}
      </div>
    </>
  );
}

function trapFocus(e: KeyboardEvent, root: HTMLElement) {
  const focusable = root.querySelectorAll<HTMLElement>('a[href], button, input, select, [tabindex="0"]');
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

function EventDetails({ event: e }: { event: Event }) {
  const when = useDisplayZone().dateTime;
  const data = Object.entries(e.event_data ?? {});
  return (
    <div className="drawer-body">
      <p className="drawer-badges">
        <TypeBadge type={e.event_type} />
        <span className={`status status-${e.status}`}>{humanize(e.status)}</span>
        <span className="pill">Priority: {humanize(e.priority)}</span>
        {e.sentiment && <span className="pill">Sentiment: {humanize(e.sentiment)}</span>}
        {e.direction && <span className="pill">{humanize(e.direction)}</span>}
      </p>
      <dl className="facts">
        <dt>When</dt>
        <dd>
          <time dateTime={e.event_timestamp}>{when.format(new Date(e.event_timestamp))}</time>
          {e.duration_minutes != null && ` · ${e.duration_minutes} min`}
        </dd>
        <dt>Customer</dt>
        <dd>
          <Link to={`/customers/${e.customer_id}`}>{e.customer_name ?? e.customer_id}</Link>
          {e.customer_segment && <span className="muted"> · {e.customer_segment}</span>}
        </dd>
        <dt>Owner</dt>
        <dd>
          <Link to={timelineHref({ user_id: [e.user_id] })}>{e.user_name ?? e.user_id}</Link>
        </dd>
        <dt>Source</dt>
        <dd>{humanize(e.event_source)}</dd>
        {e.engagement_score != null && (
          <>
            <dt>Engagement</dt>
            <dd>{e.engagement_score} / 100</dd>
          </>
        )}
      </dl>
      {e.event_description && (
        <section>
          <h3>Description</h3>
          <p className="description">{e.event_description}</p>
        </section>
      )}
      <section>
        <h3>Participants ({e.participants.length})</h3>
        {e.participants.length ? (
          <ul className="plain-list">
            {(e.participants as Array<{ name?: string; email?: string; role?: string; kind?: string }>).map(
              (p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: participants have no stable id
                <li key={i}>
                  {p.name ?? p.email ?? 'Unnamed'}
                  <span className="muted">
                    {p.role ? ` · ${p.role}` : ''}
                    {p.email && p.name ? ` · ${p.email}` : ''}
                  </span>
                </li>
              ),
            )}
          </ul>
        ) : (
          <p className="muted">No participants recorded.</p>
        )}
      </section>
      {e.related_objects.length > 0 && (
        <section>
          <h3>Related</h3>
          <ul className="plain-list">
            {(e.related_objects as Array<{ object_type: string; object_id: string; name?: string }>).map(
              (o) => (
                <li key={`${o.object_type}:${o.object_id}`}>
                  {humanize(o.object_type)}: {o.name ?? o.object_id}
                </li>
              ),
            )}
          </ul>
        </section>
      )}
      {data.length > 0 && (
        <section>
          <h3>Details</h3>
          <dl className="facts">
            {data.map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{humanize(k)}</dt>
                <dd className="wrap">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <CustomerHistory event={e} />
    </div>
  );
}

function CustomerHistory({ event }: { event: Event }) {
  const when = useDisplayZone().dateTime;
  const recent = useQuery({
    queryKey: keys.events.customerRecent(event.customer_id),
    queryFn: () =>
      apiFetch<Page<Event>>('/events', { query: { customer_id: [event.customer_id], limit: 8 } }),
  });
  return (
    <section>
      <h3>Recent history with {event.customer_name ?? 'this customer'}</h3>
      {recent.isPending && <Spinner label="Loading history" />}
      {recent.error && <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />}
      <ol className="history">
        {recent.data?.items.map((h) => (
          <li key={h.id} className={h.id === event.id ? 'current' : undefined}>
            <TypeIcon type={h.event_type} />
            <span>
              <Link
                to={`?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(window.location.search)), event: h.id })}`}
              >
                {h.event_title}
              </Link>
              <span className="muted"> · {when.format(new Date(h.event_timestamp))}</span>
            </span>
          </li>
        ))}
      </ol>
      <p className="drawer-links">
        <Link className="btn" to={timelineHref({ customer_id: [event.customer_id] })}>
          Customer's timeline
        </Link>
        <Link className="btn" to={`/customers/${event.customer_id}`}>
          Customer journey
        </Link>
      </p>
    </section>
  );
}
