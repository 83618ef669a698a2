/**
 * Events as insertEvents stores them, for the benches that write to the database directly (no
 * HTTP): plain defaults for every field a bench does not vary.
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../src/events/queries/write-events.js';

export function storedEvent(
  fields: Pick<NewEvent, 'customer_id' | 'user_id' | 'event_timestamp'> & Partial<NewEvent>,
): NewEvent {
  return {
    id: randomUUID(),
    external_id: null,
    contact_id: null,
    event_type: 'email',
    event_source: 'email',
    event_title: 'Bench email',
    event_description: null,
    duration_minutes: null,
    event_data: {},
    participants: [],
    related_objects: [],
    priority: 'normal',
    status: 'completed',
    engagement_score: null,
    sentiment: null,
    direction: 'outbound',
    ...fields,
  };
}

/** A backdated event's instant: any moment of the 30 days before `now` (an import, a late sync). */
export const backdatedAt = (now: number) => new Date(now - Math.floor(Math.random() * 30 * 86_400_000));
