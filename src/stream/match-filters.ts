/**
 * Timeline filters evaluated in memory on a changed event, so one read of the change feed serves
 * every client of a company. Each condition mirrors events/queries/filter-events.ts (same columns,
 * same null handling); only full-text `q` needs the database (see queries/match-text.ts).
 */
import type { TimelineFilters } from '../events/filters.js';
import type { EventWithNames } from '../events/presenter.js';
import { localWeekdayHour } from '../events/time-of-day.js';
import { zoneOf } from '../time/zone-catalogue.js';

export type EventPredicate = (row: EventWithNames) => boolean;

const EMAIL = /@/;

/** `value in list`; a null column never matches (as in SQL). uuids compare lower-cased. */
function inList(list: readonly string[] | undefined, lower = false): ((v: string | null) => boolean) | null {
  if (!list?.length) return null;
  const set = new Set(lower ? list.map((v) => v.toLowerCase()) : list);
  return (v) => v !== null && set.has(v);
}

/**
 * The predicate for everything but `q` (and is_deleted, which the caller decides by change kind).
 * `companyZone` is the zone of `weekday`/`hour` when the filters name no `tz` (SQL reads the
 * company's setting then), so callers streaming such filters should pass the company's zone.
 */
export function compileFilters(f: TimelineFilters, companyZone = 'UTC'): EventPredicate {
  const tests: EventPredicate[] = [];
  const add = <T>(test: ((v: T) => boolean) | null, pick: (r: EventWithNames) => T) => {
    if (test) tests.push((r) => test(pick(r)));
  };
  if (f.from) {
    const from = new Date(f.from).getTime();
    tests.push((r) => new Date(r.event_timestamp).getTime() >= from);
  }
  if (f.to) {
    const to = new Date(f.to).getTime();
    tests.push((r) => new Date(r.event_timestamp).getTime() < to);
  }
  add(inList(f.customer_id, true), (r) => r.customer_id);
  add(inList(f.contact_id, true), (r) => r.contact_id);
  add(inList(f.user_id, true), (r) => r.user_id);
  add(inList(f.type), (r) => r.event_type);
  add(inList(f.source), (r) => r.event_source);
  add(inList(f.priority), (r) => r.priority);
  add(inList(f.status), (r) => r.status);
  add(inList(f.sentiment), (r) => r.sentiment);
  add(inList(f.direction), (r) => r.direction);
  // team and segment come from the directory rows joined to the event (same join as the SQL subqueries).
  add(inList(f.team_id, true), (r) => r.team_id);
  add(inList(f.segment), (r) => r.customer_segment);
  if (f.participant) {
    // Same as `participants @> '[{"email": …}]'` (or id): some participant has that exact value.
    const key = EMAIL.test(f.participant) ? 'email' : 'id';
    const value = key === 'email' ? f.participant.toLowerCase() : f.participant;
    tests.push((r) =>
      (r.participants as unknown[]).some(
        (p) => typeof p === 'object' && p !== null && (p as Record<string, unknown>)[key] === value,
      ),
    );
  }
  if (f.weekday?.length || f.hour?.length) {
    // SQL refuses an unknown zone with a 400; here (a connected stream) it matches nothing.
    const zone = zoneOf(f.tz ?? companyZone) ?? null;
    const weekdays = f.weekday?.length ? new Set(f.weekday) : null;
    const hours = f.hour?.length ? new Set(f.hour) : null;
    tests.push((r) => {
      if (!zone) return false;
      const local = localWeekdayHour(new Date(r.event_timestamp), zone);
      return (!weekdays || weekdays.has(local.weekday)) && (!hours || hours.has(local.hour));
    });
  }
  return (row) => tests.every((t) => t(row));
}
