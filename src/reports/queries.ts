/** Reads and writes of crm_reports (migration 0039), always within the scope's company. */

import { type ColumnType, type Generated, type Selectable, sql } from 'kysely';
import { auditContext, recordAudit } from '../audit/record.js';
import type { Scope } from '../db/scope.js';
import { type ListRelation, listableBy } from '../sharing/queries.js';
import { type SharedWrite, sharedEntry, updateShared } from '../sharing/update-shared.js';

type Json<T> = ColumnType<T, T | string, T | string>;

export interface ReportsTable {
  company_id: string;
  id: string;
  user_id: string;
  created_by_user_id: string;
  report_name: string;
  description: string | null;
  definition: Json<Record<string, unknown>>;
  is_public: Generated<boolean>;
  shared_with_users: Json<unknown[]>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  is_deleted: Generated<boolean>;
}

declare module '../db/types.js' {
  interface Database {
    crm_reports: ReportsTable;
  }
}

export type ReportRow = Selectable<ReportsTable>;

export interface ReportValues {
  report_name: string;
  description: string | null;
  definition: object;
  is_public: boolean;
  shared_with_users: unknown[];
}

/** JSON columns are sent as text: both drivers then store exactly the JSON given. */
function encode(values: Partial<ReportValues>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  if (values.definition !== undefined) out.definition = JSON.stringify(values.definition);
  if (values.shared_with_users !== undefined)
    out.shared_with_users = JSON.stringify(values.shared_with_users);
  return out;
}

/** A live (not deleted) report of the company, whoever may see it. */
export async function getReport(scope: Scope, id: string): Promise<ReportRow | undefined> {
  return scope.db
    .selectFrom('crm_reports')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .where('is_deleted', '=', false)
    .executeTakeFirst();
}

/** Reports the user owns, is shared on, or that are public in the company; newest change first. */
export async function listVisibleReports(
  scope: Scope,
  userId: string,
  opts: { relation?: ListRelation; limit: number },
): Promise<ReportRow[]> {
  return scope.db
    .selectFrom('crm_reports')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('is_deleted', '=', false)
    .where(listableBy(userId, opts.relation))
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(opts.limit)
    .execute();
}

export async function insertReport(
  scope: Scope,
  row: ReportValues & { id: string; user_id: string; created_by_user_id: string },
): Promise<ReportRow> {
  return scope.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('crm_reports')
      .values({ ...encode(row), company_id: scope.companyId } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditContext(scope), sharedEntry('report.create', created));
    return created;
  });
}

/**
 * Updates a live report after `check` approves the locked current row; `stale` when
 * `expectedVersion` (If-Match) is not the stored version (src/sharing/update-shared.ts).
 */
export async function updateReport(
  scope: Scope,
  id: string,
  changes: Partial<ReportValues> & { is_deleted?: boolean },
  expectedVersion: number | undefined,
  check: (current: ReportRow) => void,
): Promise<SharedWrite<ReportRow>> {
  const target = { table: 'crm_reports', kind: 'report' } as const;
  return updateShared(scope, target, id, encode(changes), Object.keys(changes), expectedVersion, check);
}

/** Team names from the directory, for per-team rows. */
export async function findTeamNames(scope: Scope, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await scope.db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('company_id', '=', scope.companyId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
