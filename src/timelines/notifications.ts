/**
 * Which new events on a timeline raise an in-app notification, following its
 * notification_preferences. The live stream calls this for each created event that already matched
 * the timeline's filters, and sends a `notification` message when it answers non-null.
 */
import { EVENT_TYPE_META, type EventType } from '../events/catalogue.js';
import type { Event } from '../events/schema.js';
import type { NotificationPreferences } from './fields.js';

export type NotificationReason = 'priority' | 'sentiment' | 'type';

export interface NotificationMatch {
  reason: NotificationReason;
  /** A short, human title for the notification, e.g. "Urgent call: Renewal at risk". */
  title: string;
}

const label = (type: string) => EVENT_TYPE_META[type as EventType]?.label ?? type;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The first matching criterion (priority, then sentiment, then type), or null. */
export function matchNotification(
  timeline: { notification_preferences: unknown },
  event: Pick<Event, 'event_type' | 'event_title' | 'priority' | 'sentiment'>,
): NotificationMatch | null {
  const prefs = (timeline.notification_preferences ?? {}) as NotificationPreferences;
  if (prefs.enabled === false) return null;
  const what = label(event.event_type);
  if (prefs.priorities?.includes(event.priority as never)) {
    return {
      reason: 'priority',
      title: `${capital(event.priority)} priority ${what.toLowerCase()}: ${event.event_title}`,
    };
  }
  if (event.sentiment && prefs.sentiments?.includes(event.sentiment as never)) {
    return {
      reason: 'sentiment',
      title: `${capital(event.sentiment)} ${what.toLowerCase()}: ${event.event_title}`,
    };
  }
  if (prefs.event_types?.includes(event.event_type as never)) {
    return { reason: 'type', title: `New ${what.toLowerCase()}: ${event.event_title}` };
  }
  return null;
}
