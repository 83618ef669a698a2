/**
 * Creating, changing and deleting reports under the sharing rules (src/sharing/) and optimistic
 * concurrency; the definition is checked against the catalogue before anything is stored.
 */
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { invalid, notFound, preconditionFailed } from '../errors.js';
import { assertCanEdit, assertCanManage, permissionsOf } from '../sharing/access.js';
import { checkShares } from '../sharing/check-shares.js';
import type { Share } from '../sharing/fields.js';
import { assertDefinition } from './check-definition.js';
import { getReport, insertReport, type ReportRow, type ReportValues, updateReport } from './queries.js';
import type { ReportInput, ReportPatch } from './schema.js';

const canEdit = (user: AuthUser, row: ReportRow) =>
  assertCanEdit(user, row, 'report', 'save it under your own name to change it');
const canManage = (user: AuthUser, row: ReportRow, what: string) =>
  assertCanManage(user, row, 'report', what);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function assertShares(scope: Scope, shares: Share[], owner: string) {
  const errors = await checkShares(scope, shares, owner, 'report');
  if (errors.length) throw invalid('Some shares are not valid.', errors);
}

export async function createReport(scope: Scope, user: AuthUser, input: ReportInput): Promise<ReportRow> {
  assertDefinition(input.definition, 'body.definition');
  const shares = input.shared_with_users ?? [];
  await assertShares(scope, shares, user.userId);
  return insertReport(scope, {
    id: randomUUID(),
    user_id: user.userId,
    created_by_user_id: user.userId,
    report_name: input.report_name,
    description: input.description ?? null,
    definition: input.definition,
    is_public: input.is_public ?? false,
    shared_with_users: shares,
  });
}

/** A private copy for `user` of a report they can read: definition kept, sharing cleared. */
export async function duplicateReport(
  scope: Scope,
  user: AuthUser,
  source: ReportRow,
  name?: string,
): Promise<ReportRow> {
  return insertReport(scope, {
    id: randomUUID(),
    user_id: user.userId,
    created_by_user_id: user.userId,
    report_name: name ?? `Copy of ${source.report_name}`.slice(0, 200),
    description: source.description,
    definition: source.definition,
    is_public: false,
    shared_with_users: [],
  });
}

/** The live report when the user may read it; otherwise the same 404 as a missing one. */
export async function loadReadableReport(scope: Scope, user: AuthUser, id: string): Promise<ReportRow> {
  const row = await getReport(scope, id);
  if (!row || !permissionsOf(user, row).read) throw notFound('Report');
  return row;
}

const stale = (row: ReportRow) =>
  preconditionFailed(
    `The report changed since you read it (now version ${row.version}): fetch it again and retry.`,
  );

function authorizePatch(user: AuthUser, row: ReportRow, patch: ReportPatch) {
  canEdit(user, row);
  const sharing = (['is_public', 'shared_with_users'] as const).some(
    (k) => patch[k] !== undefined && !same(patch[k], row[k]),
  );
  if (sharing) canManage(user, row, 'change its sharing');
}

export async function patchReport(
  scope: Scope,
  user: AuthUser,
  id: string,
  patch: ReportPatch,
  expected: number | undefined,
): Promise<ReportRow> {
  const row = await loadReadableReport(scope, user, id);
  authorizePatch(user, row, patch);
  if (patch.definition) assertDefinition(patch.definition, 'body.definition');
  if (patch.shared_with_users && !same(patch.shared_with_users, row.shared_with_users))
    await assertShares(scope, patch.shared_with_users, row.user_id);
  const changes: Partial<ReportValues> = { ...patch };
  const result = await updateReport(scope, id, changes, expected, (current) =>
    authorizePatch(user, current, patch),
  );
  if (result.status === 'missing') throw notFound('Report');
  if (result.status === 'stale') throw stale(result.current);
  return result.row;
}

/** Soft-deletes: the report disappears from every read, its id answers 404. */
export async function deleteReport(scope: Scope, user: AuthUser, id: string, expected: number | undefined) {
  const row = await loadReadableReport(scope, user, id);
  canManage(user, row, 'delete it');
  const result = await updateReport(scope, id, { is_deleted: true }, expected, (current) =>
    canManage(user, current, 'delete it'),
  );
  if (result.status === 'missing') throw notFound('Report');
  if (result.status === 'stale') throw stale(result.current);
}
