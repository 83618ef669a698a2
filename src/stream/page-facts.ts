/**
 * What only the database can tell about a page of changes, read before delivery: which events
 * match each client's full-text `q`, and which created events are still unanswered for the viewers
 * of saved "unanswered" timelines. Clients that need neither cost no query.
 */
import type { Scope } from '../db/scope.js';
import type { ReadScope } from '../visibility/policy.js';
import type { StreamClient } from './client.js';
import { findUnanswered } from './queries/find-unanswered.js';
import { matchText } from './queries/match-text.js';
import type { Change } from './queries/read-changes.js';

export interface PageFacts {
  /** For each distinct `q` among the clients: the ids in the page that match it. */
  text: Map<string, Set<string>>;
  /** For each distinct `rowsKey` of an unanswered timeline's client: its created events still unanswered. */
  unanswered: Map<string, Set<string>>;
}

/**
 * Reads the facts every client of `clients()` needs. Loops because clients may join while it
 * awaits; the caller delivers synchronously right after, so the facts are complete at delivery.
 */
export async function readPageFacts(
  scope: Scope,
  changes: Change[],
  clients: () => Iterable<StreamClient>,
): Promise<PageFacts> {
  const facts: PageFacts = { text: new Map(), unanswered: new Map() };
  for (;;) {
    const { q, viewers } = missingFacts(clients(), facts);
    if (q === undefined && viewers.size === 0) return facts;
    if (q !== undefined) facts.text.set(q, await matchText(scope, presentIds(changes), q));
    if (viewers.size > 0) {
      const sets = await findUnanswered(scope, createdInboundIds(changes), [...viewers.values()]);
      for (const [i, key] of [...viewers.keys()].entries()) facts.unanswered.set(key, sets[i] ?? new Set());
    }
  }
}

/** One `q` with no matches yet, and every viewer of an unanswered timeline not asked about yet. */
function missingFacts(clients: Iterable<StreamClient>, facts: PageFacts) {
  let q: string | undefined;
  const viewers = new Map<string, ReadScope>();
  for (const c of clients) {
    if (q === undefined && c.q !== undefined && !facts.text.has(c.q)) q = c.q;
    if (c.notifyUnansweredOnly && c.notify && !facts.unanswered.has(c.rowsKey))
      viewers.set(c.rowsKey, c.visible);
  }
  return { q, viewers };
}

const presentIds = (changes: Change[]) => [...new Set(changes.flatMap((c) => (c.row ? [c.eventId] : [])))];

/** Only a created inbound event can raise an unanswered timeline's notification. */
const createdInboundIds = (changes: Change[]) => [
  ...new Set(
    changes.flatMap((c) =>
      c.kind === 'created' && c.row?.direction === 'inbound' && !c.row.is_deleted ? [c.eventId] : [],
    ),
  ),
];

/** Whether `client` may be notified of `eventId` (created, delivered now) as far as replies go. */
export function notifiable(client: StreamClient, eventId: string, facts: PageFacts): boolean {
  return !client.notifyUnansweredOnly || (facts.unanswered.get(client.rowsKey)?.has(eventId) ?? false);
}
