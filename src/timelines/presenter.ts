/** The only place a timeline row becomes API JSON (the web app and the stream read this shape). */
import type { AuthUser } from '../auth/tokens.js';
import { permissionsOf, relationOf } from '../sharing/access.js';
import { presentShares } from '../sharing/queries.js';
import { DEFAULT_COLORS, DEFAULT_VIEW } from './defaults.js';
import type { TimelineRow } from './queries.js';
import type { Timeline } from './schema.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** `names`: directory names of shared users (missing ones show as null). */
export function presentTimeline(row: TimelineRow, user: AuthUser, names: Map<string, string>): Timeline {
  const perms = permissionsOf(user, row);
  return {
    id: row.id,
    user_id: row.user_id,
    created_by_user_id: row.created_by_user_id,
    timeline_name: row.timeline_name,
    timeline_type: row.timeline_type as Timeline['timeline_type'],
    default_filters: row.default_filters as Timeline['default_filters'],
    saved_filters: row.saved_filters as Timeline['saved_filters'],
    // Stored values may be partial; the client always gets a complete view and every colour.
    view_preferences: { ...DEFAULT_VIEW, ...(row.view_preferences as Timeline['view_preferences']) },
    column_configuration: row.column_configuration as Timeline['column_configuration'],
    color_scheme: { ...DEFAULT_COLORS, ...row.color_scheme },
    activity_sources: row.activity_sources as Timeline['activity_sources'],
    date_range_default: row.date_range_default as Timeline['date_range_default'],
    real_time_updates: row.real_time_updates,
    notification_preferences: row.notification_preferences as Timeline['notification_preferences'],
    is_public: row.is_public,
    shared_with_users: presentShares(row.shared_with_users, names),
    is_default: row.is_default,
    version: row.version,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    relation: relationOf(user, row),
    permissions: { edit: perms.edit, manage: perms.manage },
  };
}

/** Strong ETag of a timeline version. */
export const timelineEtag = (row: { version: number }) => `"${row.version}"`;

export { sharedUserIds } from '../sharing/queries.js';
