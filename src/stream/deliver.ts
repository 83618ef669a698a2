/** Hands a page of changes to clients: filters, dedupe by seq, one serialization per change. */
import type { Scope } from '../db/scope.js';
import { presentEvent } from '../events/presenter.js';
import type { StreamClient } from './client.js';
import { matchText } from './queries/match-text.js';
import type { Change } from './queries/read-changes.js';
import { formatMessage } from './sse.js';

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
  const ids = [...new Set(changes.flatMap((c) => (c.row ? [c.eventId] : [])))];
  for (;;) {
    const missing = [...clients()].find((c) => c.q !== undefined && !known.has(c.q));
    if (!missing?.q) return;
    known.set(missing.q, await matchText(scope, ids, missing.q));
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

/** The messages `client` gets from `changes` (seq > its cursor, matching), and its new cursor. */
function render(client: StreamClient, changes: Change[], text: TextMatches, message: (c: Change) => string) {
  let out = '';
  let cursor = client.cursor;
  for (const change of changes) {
    if (change.seq <= cursor) continue;
    cursor = change.seq;
    if (!accepts(client, change, text)) continue;
    out += message(change);
    if (change.kind === 'created' && change.row) out += client.notify?.(change.row, change.seq) ?? '';
  }
  return { out, cursor };
}

/**
 * Delivers `changes` (ascending seq) to `clients`, each change at most once per client. Clients
 * with the same filters at the same cursor (the common case: a thousand dashboards) share one
 * rendered Buffer, so fan-out costs one serialization and no per-client copies.
 */
export function deliverChanges(clients: Iterable<StreamClient>, changes: Change[], text: TextMatches): void {
  const messages = new Map<number, string>();
  const message = (c: Change) => {
    let m = messages.get(c.seq);
    if (m === undefined) {
      const data =
        c.kind === 'deleted' || !c.row
          ? JSON.stringify({ id: c.eventId, seq: c.seq })
          : JSON.stringify(presentEvent(c.row));
      m = formatMessage({ id: c.seq, event: `event.${c.kind}`, data });
      messages.set(c.seq, m);
    }
    return m;
  };
  const groups = new Map<string, StreamClient[]>();
  let solo = 0;
  for (const client of clients) {
    if (client.closed) continue;
    const key = client.notify ? `solo:${solo++}` : `${client.cursor}|${client.filterKey}`;
    const group = groups.get(key);
    if (group) group.push(client);
    else groups.set(key, [client]);
  }
  for (const group of groups.values()) {
    const { out, cursor } = render(group[0] as StreamClient, changes, text, message);
    const bytes = group.length > 1 && out !== '' ? Buffer.from(out) : out;
    for (const client of group) {
      client.cursor = cursor;
      client.write(bytes);
    }
  }
}
