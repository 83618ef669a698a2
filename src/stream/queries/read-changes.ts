/** The change feed: a company's changes after a seq, in seq order, with the current event rows. */
import type { Scope } from '../../db/scope.js';
import type { EventChangesTable } from '../../db/types.js';
import type { EventWithNames } from '../../events/presenter.js';
import { getEventsByIds } from '../../events/queries/list-events.js';
import type { VisibleFacts } from '../../visibility/predicate.js';
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
  /**
   * A purged event (row gone): its owner, and the owner's team as the directory says now (the
   * rule live rows are matched by), for deciding who may learn of the removal.
   */
  purged?: VisibleFacts;
}

/**
 * Up to `limit` changes with seq > `afterSeq`. Within a company seqs commit in order (row lock on
 * company_sequences), so what one snapshot sees is always a gap-free prefix: reading again from the
 * last seq delivered never skips a change.
 */
export async function readChanges(scope: Scope, afterSeq: number, limit: number): Promise<Change[]> {
  const changes = await scope.db
    .selectFrom('event_changes')
    .select(['seq', 'kind', 'event_id', 'changed_at', 'purged_user_id'])
    .where('company_id', '=', scope.companyId)
    .where('seq', '>', afterSeq)
    .where('kind', 'in', EVENT_KINDS)
    .orderBy('seq')
    .limit(limit)
    .execute();
  if (changes.length === 0) return [];
  const ids = [...new Set(changes.map((c) => c.event_id))];
  const rows = new Map((await getEventsByIds(scope, ids)).map((r) => [r.id, r]));
  const teams = await ownerTeams(scope, changes, rows);
  return changes.map((c) => {
    const row = rows.get(c.event_id);
    const owner = !row && c.purged_user_id ? c.purged_user_id : undefined;
    return {
      seq: Number(c.seq),
      kind: c.kind as EventKind,
      eventId: c.event_id,
      changedAt: new Date(c.changed_at),
      row,
      purged: owner ? { user_id: owner, team_id: teams.get(owner) ?? null } : undefined,
    };
  });
}

/** The directory team of each purged event's owner (one query, only when the page has purges). */
async function ownerTeams(
  scope: Scope,
  changes: Array<{ event_id: string; purged_user_id?: string | null }>,
  rows: Map<string, unknown>,
): Promise<Map<string, string | null>> {
  const owners = [
    ...new Set(changes.flatMap((c) => (!rows.has(c.event_id) && c.purged_user_id ? [c.purged_user_id] : []))),
  ];
  if (owners.length === 0) return new Map();
  const users = await scope.db
    .selectFrom('users')
    .select(['id', 'team_id'])
    .where('company_id', '=', scope.companyId)
    .where('id', 'in', owners)
    .execute();
  return new Map(users.map((u) => [u.id, u.team_id]));
}
