/** Valid event payloads (API input) and event rows (for insertEvents) for tests; override any field. */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../events/queries/write-events.js';
import type { EventInput } from '../events/schema.js';

let n = 0;
export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  n++;
  return {
    customer_id: randomUUID(),
    user_id: randomUUID(),
    event_type: 'call',
    event_source: 'phone_system',
    event_title: `Call ${n}`,
    event_timestamp: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
    ...overrides,
  };
}

/** A row for insertEvents: an outbound call with every optional field empty. */
export function newEventRow(overrides: Partial<NewEvent> = {}): NewEvent {
  n++;
  return {
    id: randomUUID(),
    external_id: null,
    customer_id: randomUUID(),
    contact_id: null,
    user_id: randomUUID(),
    event_type: 'call',
    event_source: 'phone_system',
    event_title: `Call ${n}`,
    event_description: null,
    event_timestamp: new Date(Date.UTC(2025, 0, 1) + n * 60_000),
    duration_minutes: null,
    event_data: {},
    participants: [],
    related_objects: [],
    priority: 'normal',
    status: 'active',
    engagement_score: null,
    sentiment: null,
    direction: 'outbound',
    ...overrides,
  };
}
