/**
 * The one write path of a shared configuration (saved timelines, reports): lock the live row, let
 * the caller's permission check see it, refuse a lost update (If-Match version), write with a
 * version bump, and record the change in the audit trail in the same transaction — as
 * `<kind>.update`, `<kind>.share` (sharing fields changed) or `<kind>.delete` (soft delete).
 */
import { sql } from 'kysely';
import { auditContext, fieldChanges, recordAudit } from '../audit/record.js';
import type { Scope } from '../db/scope.js';

/** Tables with the sharing columns (owner, is_public, shared_with_users, version, is_deleted). */
export type SharedTable = 'crm_activity_timelines' | 'crm_reports';

export interface SharedRow {
  id: string;
  user_id: string;
  version: number;
  is_deleted: boolean;
  is_public: boolean;
  shared_with_users: unknown;
}

export type SharedWrite<Row> =
  | { status: 'missing' }
  | { status: 'stale'; current: Row }
  | { status: 'ok'; row: Row };

const SHARING_FIELDS = ['is_public', 'shared_with_users'] as const;

function action(kind: string, before: SharedRow, after: SharedRow): string {
  if (after.is_deleted) return `${kind}.delete`;
  const shared = SHARING_FIELDS.some((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
  return `${kind}.${shared ? 'share' : 'update'}`;
}

/** The audit entry of a shared configuration's write (no content: ids, owner, version, changes). */
export const sharedEntry = (act: string, row: SharedRow, details: Record<string, unknown> = {}) => ({
  action: act,
  objectType: act.slice(0, act.indexOf('.')),
  objectIds: [row.id],
  details: { owner_user_id: row.user_id, version: row.version, ...details },
});

/**
 * Updates live row `id` of `table` with `values` (already encoded for the database; `fields` names
 * the changed fields for the audit) after `check` approves the locked current row.
 */
export async function updateShared<Row extends SharedRow>(
  scope: Scope,
  target: { table: SharedTable; kind: 'timeline' | 'report' },
  id: string,
  values: Record<string, unknown>,
  fields: string[],
  expectedVersion: number | undefined,
  check: (current: Row) => void,
): Promise<SharedWrite<Row>> {
  const { table, kind } = target;
  return scope.db.transaction().execute(async (trx) => {
    // The row lock makes the check-then-write atomic against concurrent writers.
    const current = (await trx
      .selectFrom(table)
      .selectAll()
      .where('company_id', '=', scope.companyId)
      .where('id', '=', id)
      .where('is_deleted', '=', false)
      .forUpdate()
      .executeTakeFirst()) as Row | undefined;
    if (!current) return { status: 'missing' };
    check(current);
    if (expectedVersion !== undefined && current.version !== expectedVersion)
      return { status: 'stale', current };
    const row = (await trx
      .updateTable(table)
      .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` } as never)
      .where('company_id', '=', scope.companyId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()) as unknown as Row;
    const changes = fieldChanges(current, row, fields);
    await recordAudit(trx, auditContext(scope), sharedEntry(action(kind, current, row), row, { changes }));
    return { status: 'ok', row };
  });
}
