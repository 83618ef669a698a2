/**
 * Checks a timeline's fields beyond their JSON schema: the rules that relate values to each other
 * (unique names and columns, ranges in order) or to the directory (sharing targets). Every problem
 * is reported with its path, all at once.
 */
import type { Scope } from '../db/scope.js';
import type { FieldError } from '../errors.js';
import type { TimelineFilters } from '../events/filters.js';
import { checkShares, duplicates } from '../sharing/check-shares.js';
import type { Column, DateRangeDefault, Share } from './fields.js';
import type { TimelineValues } from './queries.js';

const after = (from?: string, to?: string) =>
  from !== undefined && to !== undefined && Date.parse(from) >= Date.parse(to);

function checkFilters(f: TimelineFilters, path: string): FieldError[] {
  return after(f.from, f.to) ? [{ path: `${path}.from`, message: 'must be before to' }] : [];
}

/** Checks the complete values a write would store. `owner` is the timeline's owner. */
export async function checkTimeline(
  scope: Scope,
  v: TimelineValues,
  owner: string,
  opts: { checkShares: boolean },
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const filters = v.default_filters as TimelineFilters;
  errors.push(...checkFilters(filters, 'body.default_filters'));
  if (
    (v.timeline_type === 'customer' || v.timeline_type === 'account_portfolio') &&
    !filters.customer_id?.length
  ) {
    errors.push({
      path: 'body.default_filters.customer_id',
      message: `is required for a ${v.timeline_type} timeline`,
    });
  }

  const saved = v.saved_filters as Array<{ id: string; name: string; filters: TimelineFilters }>;
  errors.push(...saved.flatMap((s, i) => checkFilters(s.filters, `body.saved_filters.${i}.filters`)));
  for (const i of duplicates(saved, (s) => s.name.trim().toLowerCase()))
    errors.push({
      path: `body.saved_filters.${i}.name`,
      message: 'is already the name of another saved filter',
    });
  for (const i of duplicates(saved, (s) => s.id))
    errors.push({ path: `body.saved_filters.${i}.id`, message: 'is already the id of another saved filter' });

  for (const i of duplicates(v.column_configuration as Column[], (c) => c.field))
    errors.push({ path: `body.column_configuration.${i}.field`, message: 'appears more than once' });

  const range = v.date_range_default as DateRangeDefault;
  if (range.relative && (range.from || range.to))
    errors.push({ path: 'body.date_range_default.relative', message: 'cannot be combined with from/to' });
  if (after(range.from, range.to))
    errors.push({ path: 'body.date_range_default.from', message: 'must be before to' });

  if (opts.checkShares)
    errors.push(...(await checkShares(scope, v.shared_with_users as Share[], owner, 'timeline')));
  return errors;
}
