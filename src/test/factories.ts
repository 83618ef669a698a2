/** Valid event payloads for tests; override any field. */
import { randomUUID } from 'node:crypto';
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
