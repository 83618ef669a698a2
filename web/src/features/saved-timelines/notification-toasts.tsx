/**
 * In-app notifications of the open timeline: the live stream re-dispatches its `notification`
 * messages as a window event (NOTIFICATION_EVENT); the newest few are shown until dismissed.
 */
import { useEffect, useState } from 'react';
import { NOTIFICATION_EVENT } from '../../api/useLiveStream.js';

export interface TimelineNotification {
  timeline_id: string;
  event_id: string;
  reason: string;
  title: string;
}

export function NotificationToasts() {
  const [items, setItems] = useState<TimelineNotification[]>([]);
  useEffect(() => {
    const on = (e: Event) => {
      const n = (e as CustomEvent<TimelineNotification>).detail;
      setItems((all) => [n, ...all.filter((x) => x.event_id !== n.event_id)].slice(0, 3));
    };
    window.addEventListener(NOTIFICATION_EVENT, on);
    return () => window.removeEventListener(NOTIFICATION_EVENT, on);
  }, []);
  if (items.length === 0) return null;
  return (
    <ul className="tl-toasts" aria-live="polite" aria-label="Notifications">
      {items.map((n) => (
        <li key={n.event_id} className="tl-toast">
          <a href={`?timeline=${n.timeline_id}&event=${n.event_id}`}>{n.title}</a>
          <button
            type="button"
            className="btn btn-ghost"
            aria-label="Dismiss"
            onClick={() => setItems((all) => all.filter((x) => x !== n))}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
