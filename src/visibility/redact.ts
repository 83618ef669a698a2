/**
 * The redacted placeholder of an event whose content the viewer may not read (content.ts): every
 * read path that turns events into JSON goes through `redactEvent` (the presenter does it for the
 * timeline, drill-down, saved timelines and the stream; exports and reports call it too).
 *
 * Kept: what counts and lays out the item — id, company, time, type, source, direction, status,
 * priority, the owner and customer (ids and directory names: who and with whom, not what), seq and
 * timestamps of the record. Dropped: everything the event itself says — title (replaced by
 * "Private activity"), description, event_data, participants, contact, related objects, duration,
 * sentiment, engagement score, external id.
 */
import type { Event } from '../events/schema.js';
import { type ContentReader, canReadContent, REDACTED_TITLE } from './content.js';

/** `event` as `reader` may read it: itself, or the placeholder with `redacted: true`. */
export function redactEvent(reader: ContentReader, event: Event): Event {
  if (canReadContent(reader, event)) return event;
  return {
    ...event,
    event_title: REDACTED_TITLE,
    event_description: null,
    event_data: {},
    participants: [],
    related_objects: [],
    contact_id: null,
    duration_minutes: null,
    sentiment: null,
    engagement_score: null,
    external_id: null,
    redacted: true,
  };
}
