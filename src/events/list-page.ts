/**
 * One page of a timeline list (GET /events, GET /timelines/:id/events): the cursor checked against
 * the request it belongs to, the keyset page read, its events presented for the reader, and the
 * next page's cursor.
 */
import type { Static } from 'typebox';
import type { Scope } from '../db/scope.js';
import type { ReadScope } from '../visibility/policy.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { TimelineFilters } from './filters.js';
import { presentEvent } from './presenter.js';
import { listTimelineEvents } from './queries/list-events.js';
import { unansweredView } from './queries/unanswered.js';
import type { ListEventsResponse } from './schema.js';

export interface EventsPageAsk {
  /** The server's signing secret (app.ctx.secret). */
  secret: string;
  /**
   * What a cursor is bound to: a cursor of another identity is refused (400). Each route chooses
   * it (the resolved filters, or the request itself where a rolling window moves between pages).
   */
  identity: Record<string, unknown>;
  cursor: string | undefined;
  filters: TimelineFilters;
  order: 'asc' | 'desc';
  limit: number;
  visible: ReadScope;
  unanswered: boolean | undefined;
}

export async function listEventsPage(
  scope: Scope,
  ask: EventsPageAsk,
): Promise<Static<typeof ListEventsResponse>> {
  const { secret, identity, cursor, visible } = ask;
  const company = scope.companyId;
  const after = cursor ? decodeCursor(secret, company, identity, cursor) : undefined;
  const page = await listTimelineEvents(scope, {
    filters: ask.filters,
    order: ask.order,
    limit: ask.limit,
    after,
    visible,
    ...unansweredView(ask.unanswered),
  });
  return {
    items: page.rows.map((row) => presentEvent(row, visible.reader)),
    next_cursor: page.next ? encodeCursor(secret, company, identity, page.next) : null,
  };
}
