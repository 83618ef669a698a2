/** Hands a page of changes to clients: filters, dedupe by seq, one serialization per change. */
import { type EventWithNames, presentEvent } from '../events/presenter.js';
import { REDACTED_TITLE } from '../visibility/content.js';
import type { StreamClient } from './client.js';
import { notifiable, type PageFacts } from './page-facts.js';
import type { Change } from './queries/read-changes.js';
import { formatMessage } from './sse.js';

function accepts(client: StreamClient, change: Change, facts: PageFacts): boolean {
  const row = change.row;
  // A purged event: its removal goes to every client who could see it (filters cannot be matched
  // without the row; a client that never listed the id ignores it).
  if (!row) return change.purged !== undefined && client.sees(change.purged);
  // A create/update replayed after the event was deleted is skipped: its delete follows.
  if (change.kind !== 'deleted' && row.is_deleted) return false;
  if (!client.matches(row)) return false;
  return client.q === undefined || (facts.text.get(client.q)?.has(row.id) ?? false);
}

type Message = (c: Change, client: StreamClient, readable: boolean) => Buffer;

/**
 * The messages `client` gets from `changes` (seq > its cursor, matching), and its new cursor. Event
 * messages are the shared Buffers from `message` (in full or redacted, as the client reads the
 * event); only a notification is the client's own.
 */
function render(client: StreamClient, changes: Change[], facts: PageFacts, message: Message) {
  const parts: Buffer[] = [];
  let cursor = client.cursor;
  for (const change of changes) {
    if (change.seq <= cursor) continue;
    cursor = change.seq;
    if (!accepts(client, change, facts)) continue;
    const readable = !change.row || client.readsContent(change.row);
    parts.push(message(change, client, readable));
    const note =
      change.kind === 'created' &&
      change.row &&
      notifiable(client, change.eventId, facts) &&
      client.notify?.(asRead(change.row, readable), change.seq);
    if (note) parts.push(Buffer.from(note));
  }
  return { parts, cursor };
}

/** A notification matches and quotes only what the client may read (the placeholder's title). */
const asRead = (row: EventWithNames, readable: boolean): EventWithNames =>
  readable ? row : { ...row, event_title: REDACTED_TITLE, sentiment: null };

/**
 * Clients that get the very same bytes: same filters and same cursor (a client with notifications
 * is alone; so is every client when a change is of restricted content, which readers and others
 * receive differently). Keyed by the filter key string each client keeps, then by cursor, so
 * grouping a thousand clients allocates no key per client.
 */
function groupClients(clients: Iterable<StreamClient>, alone: boolean): StreamClient[][] {
  const byFilters = new Map<string, Map<number, StreamClient[]>>();
  const groups: StreamClient[][] = [];
  for (const client of clients) {
    if (client.closed) continue;
    if (client.notify || alone) {
      groups.push([client]);
      continue;
    }
    let byCursor = byFilters.get(client.filterKey);
    if (!byCursor) {
      byCursor = new Map();
      byFilters.set(client.filterKey, byCursor);
    }
    const group = byCursor.get(client.cursor);
    if (group) group.push(client);
    else {
      const created = [client];
      byCursor.set(client.cursor, created);
      groups.push(created);
    }
  }
  return groups;
}

/**
 * Delivers `changes` (ascending seq) to `clients`, each change at most once per client. Each
 * change is serialized once, into a Buffer every client shares. Clients with the same filters at
 * the same cursor (the common case: a thousand dashboards) share one concatenated Buffer: one
 * write each. A client alone in its group (own filters or notifications) gets the shared message
 * Buffers in one corked write, so no client costs a copy of the payload.
 */
export function deliverChanges(clients: Iterable<StreamClient>, changes: Change[], facts: PageFacts): void {
  const messages = new Map<number, Buffer>();
  const redacted = new Map<number, Buffer>();
  // The full form is the same for every client who reads the event, the placeholder the same for
  // every client who does not: one Buffer each, presented for the first client of its kind.
  const message: Message = (c, client, readable) => {
    const cache = readable ? messages : redacted;
    let m = cache.get(c.seq);
    if (m === undefined) {
      const data =
        c.kind === 'deleted' || !c.row
          ? JSON.stringify(
              c.purged ? { id: c.eventId, seq: c.seq, purged: true } : { id: c.eventId, seq: c.seq },
            )
          : JSON.stringify(presentEvent(c.row, client.visible.reader));
      m = Buffer.from(formatMessage({ id: c.seq, event: `event.${c.kind}`, data }));
      cache.set(c.seq, m);
    }
    return m;
  };
  const restricted = changes.some((c) => c.row && c.row.visibility !== 'default');
  for (const group of groupClients(clients, restricted)) {
    const { parts, cursor } = render(group[0] as StreamClient, changes, facts, message);
    if (group.length === 1) {
      const client = group[0] as StreamClient;
      client.cursor = cursor;
      client.writeAll(parts);
      continue;
    }
    const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    for (const client of group) {
      client.cursor = cursor;
      client.write(bytes);
    }
  }
}
