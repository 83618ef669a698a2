/** The only place a report row becomes API JSON. */
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { permissionsOf, relationOf } from '../sharing/access.js';
import { findDirectoryUsers, presentShares, sharedUserIds } from '../sharing/queries.js';
import type { ReportRow } from './queries.js';
import type { Report, ReportDefinition } from './schema.js';

const iso = (d: Date | string) => new Date(d).toISOString();

function presentReport(row: ReportRow, user: AuthUser, names: Map<string, string>): Report {
  const perms = permissionsOf(user, row);
  return {
    id: row.id,
    user_id: row.user_id,
    created_by_user_id: row.created_by_user_id,
    report_name: row.report_name,
    description: row.description,
    definition: row.definition as ReportDefinition,
    is_public: row.is_public,
    shared_with_users: presentShares(row.shared_with_users, names),
    version: row.version,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    relation: relationOf(user, row),
    permissions: { edit: perms.edit, manage: perms.manage },
  };
}

/** Rows as API JSON, with the directory names of the users they are shared with (one look-up). */
export async function presentReports(scope: Scope, user: AuthUser, rows: ReportRow[]): Promise<Report[]> {
  const names = await findDirectoryUsers(scope, sharedUserIds(rows));
  return rows.map((row) => presentReport(row, user, names));
}

/** One row as API JSON. */
export async function presentOneReport(scope: Scope, user: AuthUser, row: ReportRow): Promise<Report> {
  const names = await findDirectoryUsers(scope, sharedUserIds([row]));
  return presentReport(row, user, names);
}

/** Strong ETag of a report version. */
export const reportEtag = (row: { version: number }) => `"${row.version}"`;
