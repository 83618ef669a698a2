/** Hands a page of changes to clients: filters, dedupe by seq, one serialization per change. */
import type { Scope } from '../db/scope.js';
import { presentEvent } from '../events/presenter.js';
import type { StreamClient } from './client.js';
import { matchText } from './queries/match-text.js';
import type { Change } from './queries/read-changes.js';

/** For each distinct `q` among the clients: the ids in `changes` that match it. */
export type TextMatches = Map<string, Set<string>>;

/**
 * Makes sure every client's `q` has its matches computed. Loops because clients may join while it
 * awaits; the caller delivers synchronously right after, so the set is complete at delivery.
 */
export async function ensureTextMatches(
  scope: Scope,
  changes: Change[],
  clients: () => Iterable<StreamClient>,
  known: TextMatches,
): Promise<void> {
  const ids = changes.flatMap((c) => (c.row ? [c.eventId] : []));
  for (;;) {
    const missing = [...clients()].find((c) => c.q !== undefined && !known.has(c.q));
    if (!missing?.q) return;
    known.set(missing.q, await matchText(scope, [...new Set(ids)], missing.q));
  }
}

function accepts(client: StreamClient, change: Change, text: TextMatches): boolean {
  const row = change.row;
  if (!row) return false;
  // A create/update replayed after the event was deleted is skipped: its delete follows.
  if (change.kind !== 'deleted' && row.is_deleted) return false;
  if (!client.matches(row)) return false;
  return client.q === undefined || (text.get(client.q)?.has(row.id) ?? false);
}

/** Delivers `changes` (ascending seq) to `clients`, each change at most once per client. */
export function deliverChanges(clients: Iterable<StreamClient>, changes: Change[], text: TextMatches): void {
  const payloads = new Map<number, string>();
  const payload = (c: Change) => {
    let data = payloads.get(c.seq);
    if (data === undefined) {
      data =
        c.kind === 'deleted' || !c.row
          ? JSON.stringify({ id: c.eventId, seq: c.seq })
          : JSON.stringify(presentEvent(c.row));
      payloads.set(c.seq, data);
    }
    return data;
  };
  for (const client of clients) {
    for (const change of changes) {
      if (client.closed) break;
      if (change.seq <= client.cursor) continue;
      client.cursor = change.seq;
      if (!accepts(client, change, text)) continue;
      client.push(`event.${change.kind}`, change.seq, payload(change));
      if (change.kind === 'created' && change.row) client.onCreated?.(change.row, change.seq);
    }
  }
}
