/** The change feed: a company's changes after a seq, in seq order, with the current event rows. */
import type { Scope } from '../../db/scope.js';
import type { EventChangesTable } from '../../db/types.js';
import type { EventWithNames } from '../../events/presenter.js';
import { getEventsByIds } from '../../events/queries/list-events.js';
import '../db-types.js';

/** The change kinds of events; the log also holds directory changes, which the stream skips. */
type EventKind = Exclude<EventChangesTable['kind'], 'customer' | 'user'>;
const EVENT_KINDS: EventKind[] = ['created', 'updated', 'deleted'];

export interface Change {
  seq: number;
  kind: EventKind;
  eventId: string;
  /** Start of the writing transaction (its now()); commit follows within milliseconds. */
  changedAt: Date;
  /** The event as it is now (a later change may have altered it); undefined if it is gone. */
  row: EventWithNames | undefined;
}

/**
 * Up to `limit` changes with seq > `afterSeq`. Within a company seqs commit in order (row lock on
 * company_sequences), so what one snapshot sees is always a gap-free prefix: reading again from the
 * last seq delivered never skips a change.
 */
export async function readChanges(scope: Scope, afterSeq: number, limit: number): Promise<Change[]> {
  const changes = await scope.db
    .selectFrom('event_changes')
    .select(['seq', 'kind', 'event_id', 'changed_at'])
    .where('company_id', '=', scope.companyId)
    .where('seq', '>', afterSeq)
    .where('kind', 'in', EVENT_KINDS)
    .orderBy('seq')
    .limit(limit)
    .execute();
  if (changes.length === 0) return [];
  const ids = [...new Set(changes.map((c) => c.event_id))];
  const rows = new Map((await getEventsByIds(scope, ids)).map((r) => [r.id, r]));
  return changes.map((c) => ({
    seq: Number(c.seq),
    kind: c.kind as EventKind,
    eventId: c.event_id,
    changedAt: new Date(c.changed_at),
    row: rows.get(c.event_id),
  }));
}
