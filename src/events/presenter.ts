/**
 * The only place an event row becomes API JSON; the live stream pushes the same shape. It takes the
 * reader, so no event leaves as JSON without the content rule (src/visibility/content.ts) applied.
 */
import type { EventRow } from '../db/types.js';
import type { ContentReader } from '../visibility/content.js';
import { redactEvent } from '../visibility/redact.js';
import type { Event } from './schema.js';

export type EventWithNames = Omit<EventRow, 'search_vector'> & {
  user_name: string | null;
  team_id: string | null;
  customer_name: string | null;
  customer_segment: string | null;
};

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** The event as `reader` may read it: in full, or the redacted placeholder (`redacted: true`). */
export function presentEvent(row: EventWithNames, reader: ContentReader): Event {
  return redactEvent(reader, presentFull(row));
}

function presentFull(row: EventWithNames): Event {
  return {
    id: row.id,
    company_id: row.company_id,
    customer_id: row.customer_id,
    customer_name: row.customer_name,
    customer_segment: row.customer_segment,
    contact_id: row.contact_id,
    user_id: row.user_id,
    user_name: row.user_name,
    team_id: row.team_id,
    event_type: row.event_type,
    event_source: row.event_source,
    event_title: row.event_title,
    event_description: row.event_description,
    event_timestamp: iso(row.event_timestamp),
    duration_minutes: row.duration_minutes,
    event_data: row.event_data,
    participants: row.participants,
    related_objects: row.related_objects,
    priority: row.priority,
    status: row.status,
    engagement_score: row.engagement_score === null ? null : Number(row.engagement_score),
    sentiment: row.sentiment,
    direction: row.direction,
    external_id: row.external_id,
    seq: Number(row.seq),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    is_deleted: row.is_deleted,
    visibility: row.visibility,
    redacted: false,
  };
}

/** Strong ETag of an event version: its change sequence number, unique per change in the company. */
export const eventEtag = (row: { seq: number }) => `"${row.seq}"`;
