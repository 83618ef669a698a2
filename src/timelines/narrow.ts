/**
 * Filter-set intersection: a timeline's filters narrowed by another set (a saved filter, a request),
 * never widened. List filters intersect, time windows intersect, single values must both hold.
 */
import { invalid } from '../errors.js';
import type { TimelineFilters } from '../events/filters.js';
import { hasTimeOfDay } from '../events/time-of-day.js';
import { zoneOf } from '../time/zone-catalogue.js';

type ListKey = {
  [K in keyof TimelineFilters]-?: NonNullable<TimelineFilters[K]> extends readonly unknown[] ? K : never;
}[keyof TimelineFilters];

const LIST_KEYS: ListKey[] = [
  'customer_id',
  'contact_id',
  'user_id',
  'team_id',
  'type',
  'source',
  'priority',
  'status',
  'sentiment',
  'direction',
  'segment',
  'weekday',
  'hour',
];

/**
 * An intersection that matches nothing is written as an empty time window (from === to): every
 * consumer of TimelineFilters (`from` inclusive, `to` exclusive) already reads it as "no event".
 */
export const EMPTY_INSTANT = '1970-01-01T00:00:00.000Z';

export function isEmptyFilters(f: TimelineFilters): boolean {
  return f.from !== undefined && f.to !== undefined && Date.parse(f.from) >= Date.parse(f.to);
}

const ms = (iso: string) => Date.parse(iso);

/** Websearch syntax ANDs space-separated terms, so two queries join exactly unless one uses `or`. */
function canJoinSearch(q: string): boolean {
  return !/(^|\s)or(\s|$)/i.test(q) && (q.match(/"/g)?.length ?? 0) % 2 === 0;
}

/**
 * `base` narrowed by `extra`. `path` names the parameter group in errors (e.g. "query"): the only
 * refusal is a single-valued filter whose AND one value cannot express.
 */
export function narrowFilters(
  base: TimelineFilters,
  extra: TimelineFilters,
  path = 'query',
): TimelineFilters {
  const out: TimelineFilters = { ...base };
  let empty = false;
  for (const key of LIST_KEYS) {
    const a = base[key] as string[] | undefined;
    const b = extra[key] as string[] | undefined;
    if (!b?.length) continue;
    if (!a?.length) {
      (out as Record<string, unknown>)[key] = [...new Set(b)];
      continue;
    }
    const both = a.filter((v, i) => b.includes(v) && a.indexOf(v) === i);
    if (both.length === 0) empty = true;
    (out as Record<string, unknown>)[key] = both;
  }
  const froms = [base.from, extra.from].filter((v): v is string => v !== undefined);
  const tos = [base.to, extra.to].filter((v): v is string => v !== undefined);
  if (froms.length) out.from = froms.reduce((x, y) => (ms(y) > ms(x) ? y : x));
  if (tos.length) out.to = tos.reduce((x, y) => (ms(y) < ms(x) ? y : x));
  if (out.from && out.to && ms(out.from) >= ms(out.to)) empty = true;

  if (extra.participant && base.participant && !sameParticipant(base.participant, extra.participant)) {
    throw invalid(
      `This timeline is limited to participant "${base.participant}"; only one can be required.`,
      [{ path: `${path}.participant`, message: `cannot be combined with the timeline's participant` }],
    );
  }
  out.participant = base.participant ?? extra.participant;

  // weekday/hour are read in one zone: the zone of whichever side selects by them.
  if (hasTimeOfDay(base) && hasTimeOfDay(extra) && !sameZone(base.tz, extra.tz)) {
    throw invalid(
      `This timeline reads weekday and hour in ${base.tz ?? "the company's time zone"}; the request must use the same zone.`,
      [{ path: `${path}.tz`, message: "must equal the timeline's zone for weekday and hour" }],
    );
  }
  out.tz = hasTimeOfDay(base) ? base.tz : hasTimeOfDay(extra) ? extra.tz : (base.tz ?? extra.tz);
  if (out.tz === undefined) delete out.tz;
  if (out.participant === undefined) delete out.participant;

  if (extra.q && base.q && extra.q !== base.q) {
    if (!canJoinSearch(base.q) || !canJoinSearch(extra.q)) {
      throw invalid(`The search cannot be combined with this timeline's search "${base.q}".`, [
        {
          path: `${path}.q`,
          message: 'cannot be combined with the timeline search (uses "or" or an open quote)',
        },
      ]);
    }
    out.q = `${base.q} ${extra.q}`;
  } else if (extra.q) out.q = extra.q;

  if (empty) {
    out.from = EMPTY_INSTANT;
    out.to = EMPTY_INSTANT;
  }
  return out;
}

function sameZone(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  // Saved filters keep the zone as written; compare what they name.
  return (zoneOf(a) ?? a) === (zoneOf(b) ?? b);
}

function sameParticipant(a: string, b: string): boolean {
  // Emails are stored lower-cased, so they compare case-insensitively; ids compare exactly.
  return a.includes('@') && b.includes('@') ? a.toLowerCase() === b.toLowerCase() : a === b;
}
