/**
 * Audit entries of the event write path, built here so the writers stay short. Personal content
 * (an event's title, description and event_data; a customer's name) is never copied into the log:
 * the log is append-only and chained, so it could not be erased later (POST /erasure). A change of
 * such a field is recorded as changed, with SHA-256 digests of the old and new values (equal
 * digests = equal values), which proves what changed without keeping it.
 */
import { createHash } from 'node:crypto';
import type { EventRow } from '../db/types.js';
import { type AuditEntry, fieldChanges } from './record.js';

/** Fields whose values are personal content: recorded as digests, never as values. */
export const CONTENT_FIELDS = new Set([
  'event_title',
  'event_description',
  'event_data',
  'participants',
  'name',
  'email',
]);

const digest = (value: unknown) =>
  value === null || value === undefined
    ? null
    : createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** fieldChanges with content fields replaced by their digests. */
export function redactedChanges(
  before: object,
  after: object,
  fields: readonly string[],
): Record<string, { before: unknown; after: unknown; content?: true }> {
  const changes = fieldChanges(before, after, fields);
  const out: Record<string, { before: unknown; after: unknown; content?: true }> = {};
  for (const [field, c] of Object.entries(changes)) {
    out[field] = CONTENT_FIELDS.has(field)
      ? { before: digest(c.before), after: digest(c.after), content: true }
      : c;
  }
  return out;
}

/** One entry for a stored batch, whatever its size: count, first/last id, a digest of all ids, seq range. */
export function ingestEntry(stored: Array<{ id: string }>, firstSeq: number): AuditEntry {
  const ids = createHash('sha256');
  for (const e of stored) ids.update(e.id).update('\n');
  const first = stored[0]?.id ?? null;
  const last = stored[stored.length - 1]?.id ?? null;
  return {
    action: 'events.ingest',
    objectType: 'event_batch',
    objectIds: stored.length === 1 && first ? [first] : [],
    eventCount: stored.length,
    details: {
      count: stored.length,
      first_event_id: first,
      last_event_id: last,
      ids_sha256: ids.digest('hex'),
      seq_from: firstSeq,
      seq_to: firstSeq + stored.length - 1,
    },
  };
}

const EVENT_FIELDS = [
  'status',
  'priority',
  'event_title',
  'event_description',
  'event_data',
  'sentiment',
  'engagement_score',
  'is_deleted',
] as const;

/** event.update or event.delete for one event, with its changed fields. */
export function eventChangeEntry(before: EventRow, after: EventRow): AuditEntry {
  const deleted = after.is_deleted && !before.is_deleted;
  return {
    action: deleted ? 'event.delete' : 'event.update',
    objectType: 'event',
    objectIds: [after.id],
    details: {
      customer_id: after.customer_id,
      seq: after.seq,
      changes: redactedChanges(before, after, EVENT_FIELDS),
    },
  };
}
