/**
 * The period and filter lines of an events export's title block, as people read them: fields in
 * words ("Type: Web visit, Call"), catalogue values by their labels, people, teams and customers by
 * their directory names (an id the directory does not know stays as it is), weekdays and hours as
 * days and clock times. The file's rows keep raw values; only these lines are for reading.
 */
import type { Scope } from '../db/scope.js';
import { listCustomers, listTeams, listUsers } from '../directory/queries.js';
import type { TimelineFilters } from '../events/filters.js';
import { type LabelledField, valueLabel } from '../events/value-labels.js';
import { formatInstant, formatPeriod } from '../time/period-label.js';

type Described = Exclude<keyof TimelineFilters, 'from' | 'to' | 'tz'>;

/** Each filter's name in words, in the order the lines list them. */
const FIELD_NAMES: Record<Described, string> = {
  type: 'Type',
  source: 'Source',
  direction: 'Direction',
  status: 'Status',
  priority: 'Priority',
  sentiment: 'Sentiment',
  customer_id: 'Customer',
  contact_id: 'Contact',
  user_id: 'User',
  team_id: 'Team',
  segment: 'Segment',
  participant: 'Participant',
  q: 'Search',
  weekday: 'Weekday',
  hour: 'Hour',
};

const LABELLED: Partial<Record<Described, LabelledField>> = {
  type: 'type',
  source: 'source',
  direction: 'direction',
  status: 'status',
  priority: 'priority',
  sentiment: 'sentiment',
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const clock = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The period in words, in the export's zone; an open end says so. */
function describePeriod(f: TimelineFilters, zone: string): string {
  if (f.from && f.to) return `Period: ${formatPeriod({ from: f.from, to: f.to, tz: zone })}`;
  if (f.from) return `Period: from ${formatInstant(f.from, zone)} (${zone})`;
  if (f.to) return `Period: before ${formatInstant(f.to, zone)} (${zone})`;
  return 'Period: all time';
}

/** Directory names of the ids the filters name (ids are stored lower-case). */
async function directoryNames(scope: Scope, f: TimelineFilters) {
  const ids = (list?: readonly string[]) => [...new Set((list ?? []).map((id) => id.toLowerCase()))];
  type Read = (s: Scope, q: { id: string[]; limit: number }) => Promise<Array<{ id: string; name: string }>>;
  const lookUp = async (list: string[], read: Read) =>
    list.length
      ? new Map((await read(scope, { id: list, limit: list.length })).map((r) => [r.id, r.name]))
      : new Map<string, string>();
  const [users, teams, customers] = await Promise.all([
    lookUp(ids(f.user_id), listUsers),
    lookUp(ids(f.team_id), listTeams),
    lookUp(ids(f.customer_id), listCustomers),
  ]);
  return { user_id: users, team_id: teams, customer_id: customers } as Partial<
    Record<Described, Map<string, string>>
  >;
}

/** One value of a filter as it reads. */
function valueText(key: Described, value: string | number, names: Map<string, string> | undefined): string {
  const field = LABELLED[key];
  if (field) return valueLabel(field, String(value));
  if (key === 'weekday') return WEEKDAYS[Number(value) - 1] ?? String(value);
  // An hour of the day is the hour it starts: 14 is 14:00–15:00.
  if (key === 'hour') return `${clock(Number(value))}–${clock(Number(value) + 1)}`;
  if (key === 'q') return `“${value}”`;
  return names?.get(String(value).toLowerCase()) ?? String(value);
}

/** "Period: …" and "Filters: Type: Call, Email; User: Ann Lee" (or "Filters: none"). */
export async function describeExportFilters(
  scope: Scope,
  f: TimelineFilters,
  zone: string,
  unanswered?: boolean,
): Promise<string[]> {
  const names = await directoryNames(scope, f);
  const keys = (Object.keys(FIELD_NAMES) as Described[]).filter((k) => f[k] !== undefined);
  const rest = keys.map((k) => {
    const values = ([] as Array<string | number>).concat(f[k] as string | number | Array<string | number>);
    // Weekdays and hours are read in the filters' zone, which may not be the file's.
    const zoned = (k === 'weekday' || k === 'hour') && f.tz && f.tz !== zone ? ` (${f.tz})` : '';
    return `${FIELD_NAMES[k]}: ${values.map((v) => valueText(k, v, names[k])).join(', ')}${zoned}`;
  });
  if (unanswered) rest.push('unanswered inbound only');
  return [describePeriod(f, zone), `Filters: ${rest.length ? rest.join('; ') : 'none'}`];
}
