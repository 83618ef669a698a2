/**
 * The timeline filters as conditions on the replica's `events` (any alias), the replica's twin of
 * events/queries/filter-events.ts: same filters, same meaning, always scoped to one company.
 * Full-text search (`q`) is PostgreSQL's own (tsvector, 'simple' configuration): its matching
 * events are looked up there, on its index, and bound as a list of ids.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import { FILTER_KEYS, type TimelineFilters } from '../../events/filters.js';
import { selectEventsFor } from '../../events/queries/events-source.js';
import type { ContentReader } from '../../visibility/content.js';
import { findUnreadable } from '../../visibility/queries.js';
import { visibleCondition } from '../../visibility/replica-filter.js';
import { contentReadable } from '../../visibility/sql-filter.js';
import type { Period, ResolvedParams } from '../params.js';
import { isoWeekday, localHour, localMicros, US_PER_MS } from './local-time.js';
import type { SqlParams } from './sql-params.js';

const EMAIL = /@/;
type Filters = Omit<TimelineFilters, 'from' | 'to'>;

/** The key a participant filter matches in `events.participants` ('email:…' or 'id:…'). */
export const participantKey = (participant: string) =>
  EMAIL.test(participant) ? `email:${participant.toLowerCase()}` : `id:${participant}`;

/** What a replica read selects: the request's filters, within the viewer's visible events. */
export type Selection = Pick<ResolvedParams, 'filters' | 'visible'>;

/** Filters that pick some of a customer's events (customer and segment keep or drop them all). */
const EVENT_PICKING_FILTERS = FILTER_KEYS.filter(
  (k) => !['from', 'to', 'customer_id', 'segment'].includes(k),
);

const isSet = (v: unknown) =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/**
 * Whether the selection keeps each customer's period events whole — every event the viewer may
 * see, filtered only by customer or segment — so that the sequence facts the replica keeps
 * (previous events, first reply; sequence-facts.ts) hold within the selection. (`tz` alone picks
 * nothing: it is only the zone of weekday/hour.)
 */
export function wholeSequences(selection: Selection): boolean {
  if (selection.visible.rows !== null) return false;
  const f = selection.filters as Record<string, unknown>;
  return EVENT_PICKING_FILTERS.every((k) => k === 'tz' || !isSet(f[k]));
}

/**
 * SQL conditions (joined with `and`) for the company's events the viewer may see that match the
 * filters, within `period` when given. The weekday/hour filters are read in their `tz` (canonical).
 */
export async function eventConditions(
  scope: Scope,
  selection: Selection,
  period: Period | null,
  p: SqlParams,
  alias = 'e',
): Promise<string> {
  const f: Filters = selection.filters;
  const c = (column: string) => `${alias}.${column}`;
  const company = p.uuid(scope.companyId);
  const conds = [`${c('company_id')} = ${company}`];
  const visible = visibleCondition(selection.visible.rows, p, alias, company);
  if (visible) conds.push(visible);
  if (period) {
    conds.push(`${c('ts_us')} >= ${p.int(period.from.getTime() * US_PER_MS)}`);
    conds.push(`${c('ts_us')} < ${p.int(period.to.getTime() * US_PER_MS)}`);
  }
  const inList = (column: string, values: readonly string[] | undefined, uuid = false) => {
    if (values?.length)
      conds.push(`list_contains(${uuid ? p.uuids(values) : p.texts(values)}, ${c(column)})`);
  };
  inList('customer_id', f.customer_id, true);
  inList('contact_id', f.contact_id, true);
  inList('user_id', f.user_id, true);
  inList('event_type', f.type);
  inList('event_source', f.source);
  inList('priority', f.priority);
  inList('status', f.status);
  inList('sentiment', f.sentiment);
  inList('direction', f.direction);
  if (f.team_id?.length) {
    conds.push(`${c('user_id')} in (select u.id from users u where u.company_id = ${company}
      and list_contains(${p.uuids(f.team_id)}, u.team_id))`);
  }
  if (f.segment?.length) {
    conds.push(`${c('customer_id')} in (select cu.id from customers cu where cu.company_id = ${company}
      and list_contains(${p.texts(f.segment)}, cu.segment))`);
  }
  if (f.participant) {
    conds.push(`list_contains(${c('participants')}, ${p.text(participantKey(f.participant))})`);
    // Participants of an event whose content the viewer may not read are not theirs to match on.
    const hidden = await findUnreadable(scope, selection.visible.reader);
    if (hidden.length) conds.push(`not list_contains(${p.uuids(hidden)}, ${c('id')})`);
  }
  if (f.q) {
    const ids = await searchIds(scope, f.q, period, selection.visible.reader);
    conds.push(`list_contains(${p.uuids(ids)}, ${c('id')})`);
  }
  if (f.weekday?.length || f.hour?.length) {
    const zone = f.tz ?? 'UTC'; // canonical: resolveAnalyticsParams resolved it
    const from = period?.from.getTime() ?? Date.UTC(1900, 0, 1);
    const to = period?.to.getTime() ?? Date.UTC(2200, 0, 1);
    const local = localMicros(c('ts_us'), zone, from, to, p);
    if (f.weekday?.length) conds.push(`list_contains(${p.ints(f.weekday)}, ${isoWeekday(local)})`);
    if (f.hour?.length) conds.push(`list_contains(${p.ints(f.hour)}, ${localHour(local)})`);
  }
  return conds.join(' and ');
}

/**
 * Ids of the company's live events whose title or description match `q` (PostgreSQL full text),
 * among those whose content `reader` reads: a redacted event is not found by the words it hides.
 */
async function searchIds(
  scope: Scope,
  q: string,
  period: Period | null,
  reader: ContentReader,
): Promise<string[]> {
  let query = selectEventsFor(scope.db, { q })
    .select('e.id')
    .where('e.company_id', '=', scope.companyId)
    .where('e.is_deleted', '=', false)
    .where(sql<boolean>`e.search_vector @@ websearch_to_tsquery('simple', ${q})`)
    .where((eb) => contentReadable(eb, scope.companyId, reader));
  if (period)
    query = query.where('e.event_timestamp', '>=', period.from).where('e.event_timestamp', '<', period.to);
  return (await query.execute()).map((r) => r.id);
}
