/** Creating timelines: from a request (defaults filled per type), as a user's default, or as a copy. */
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { type FieldError, invalid } from '../errors.js';
import { checkTimeline } from './check.js';
import { DEFAULT_VIEW, defaultTimelineFor, typeDefaults } from './defaults.js';
import {
  getDefaultTimeline,
  insertTimeline,
  listOwnedCustomerIds,
  type TimelineRow,
  type TimelineValues,
  valuesOf,
} from './queries.js';
import type { TimelineInput } from './schema.js';

/** Saved filters keep their id across edits; new ones get one. */
export const withFilterIds = (saved: NonNullable<TimelineInput['saved_filters']>) =>
  saved.map((s) => ({ id: s.id ?? randomUUID(), name: s.name, filters: s.filters }));

export function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length === 0) return;
  const unique = errors.filter((e, i) => errors.findIndex((o) => o.path === e.path) === i);
  throw invalid(
    `The timeline is not valid: ${unique.map((e) => `${e.path} ${e.message}`).join('; ')}`,
    unique,
  );
}

/** Validates and stores a new timeline owned by `owner`; fields left out take the type's defaults. */
export async function createTimeline(
  scope: Scope,
  owner: AuthUser,
  input: TimelineInput,
  opts: { isDefault?: boolean } = {},
): Promise<TimelineRow | undefined> {
  const needsPortfolio = input.timeline_type === 'account_portfolio' && !input.default_filters;
  const owned = needsPortfolio ? await listOwnedCustomerIds(scope, owner.userId) : [];
  const d = typeDefaults(input.timeline_type, owner, owned);
  const errors: FieldError[] = [];
  let filters = input.default_filters;
  if (!filters) {
    if ('missing' in d.filters) {
      errors.push({ path: `body.default_filters.${d.filters.missing}`, message: d.filters.reason });
      filters = {};
    } else filters = d.filters;
  }
  const values: TimelineValues = {
    timeline_name: input.timeline_name,
    timeline_type: input.timeline_type,
    default_filters: filters,
    saved_filters: withFilterIds(input.saved_filters ?? []),
    view_preferences: { ...DEFAULT_VIEW, ...input.view_preferences },
    column_configuration: input.column_configuration ?? d.columns,
    color_scheme: input.color_scheme ?? {},
    activity_sources: input.activity_sources ?? [],
    date_range_default: input.date_range_default ?? d.dateRange,
    real_time_updates: input.real_time_updates ?? true,
    notification_preferences: input.notification_preferences ?? d.notifications,
    is_public: input.is_public ?? false,
    shared_with_users: input.shared_with_users ?? [],
  };
  errors.push(...(await checkTimeline(scope, values, owner.userId, { checkShares: true })));
  throwIfInvalid(errors);
  return insertTimeline(scope, {
    ...values,
    id: randomUUID(),
    user_id: owner.userId,
    created_by_user_id: owner.userId,
    is_default: opts.isDefault ?? false,
  });
}

/** The user's default timeline, created from their role on first use (race-safe: one per user). */
export async function ensureDefaultTimeline(scope: Scope, user: AuthUser): Promise<TimelineRow> {
  const existing = await getDefaultTimeline(scope, user.userId);
  if (existing) return existing;
  const { type, name } = defaultTimelineFor(user);
  const created = await createTimeline(
    scope,
    user,
    { timeline_name: name, timeline_type: type },
    { isDefault: true },
  );
  const row = created ?? (await getDefaultTimeline(scope, user.userId));
  if (!row) throw new Error('The default timeline was neither created nor found.');
  return row;
}

/** A private copy for `user` of a timeline they can read: configuration kept, sharing cleared. */
export async function duplicateTimeline(
  scope: Scope,
  user: AuthUser,
  source: TimelineRow,
  name?: string,
): Promise<TimelineRow> {
  const row = await insertTimeline(scope, {
    ...valuesOf(source),
    timeline_name: name ?? `Copy of ${source.timeline_name}`.slice(0, 200),
    is_public: false,
    shared_with_users: [],
    id: randomUUID(),
    user_id: user.userId,
    created_by_user_id: user.userId,
  });
  if (!row) throw new Error('The copy was not stored.');
  return row;
}
