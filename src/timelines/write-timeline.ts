/**
 * Changing and deleting timelines under the sharing rules and optimistic concurrency: the checks run
 * on the row read first and again, under a row lock, on the row being written.
 */
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { notFound, preconditionFailed } from '../errors.js';
import { assertCanEdit as canEdit, assertCanManage as canManage, permissionsOf } from '../sharing/access.js';
import { checkTimeline } from './check.js';
import { throwIfInvalid, withFilterIds } from './create-timeline.js';
import { getTimeline, type TimelineRow, type TimelineValues, updateTimeline, valuesOf } from './queries.js';
import type { TimelinePatch } from './schema.js';

const assertCanEdit = (user: AuthUser, row: TimelineRow) =>
  canEdit(user, row, 'timeline', 'duplicate it to make your own copy');
const assertCanManage = (user: AuthUser, row: TimelineRow, what: string) =>
  canManage(user, row, 'timeline', what);

const SHARING = ['is_public', 'shared_with_users'] as const;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function readForWrite(scope: Scope, user: AuthUser, id: string): Promise<TimelineRow> {
  const row = await getTimeline(scope, id);
  if (!row || !permissionsOf(user, row).read) throw notFound('Timeline');
  return row;
}

function assertVersion(row: TimelineRow, expected: number | undefined): void {
  if (expected !== undefined && row.version !== expected)
    throw preconditionFailed(
      `The timeline changed since you read it (now version ${row.version}): fetch it again and retry.`,
    );
}

/** Sharing fields the patch really changes (an editor may send them back unchanged). */
function sharingChanges(patch: TimelinePatch, row: TimelineRow) {
  return SHARING.filter((k) => patch[k] !== undefined && !same(patch[k], row[k]));
}

function authorizePatch(user: AuthUser, row: TimelineRow, patch: TimelinePatch): void {
  assertCanEdit(user, row);
  if (sharingChanges(patch, row).length > 0) assertCanManage(user, row, 'change its sharing');
}

/**
 * Applies a patch. Without If-Match a concurrent change is not an error: the patch is re-applied
 * on the newer version (fields not in the patch keep the other writer's values).
 */
export async function patchTimeline(
  scope: Scope,
  user: AuthUser,
  id: string,
  patch: TimelinePatch,
  expected: number | undefined,
): Promise<TimelineRow> {
  for (let attempt = 0; ; attempt++) {
    const row = await readForWrite(scope, user, id);
    authorizePatch(user, row, patch);
    assertVersion(row, expected);
    const changes: Partial<TimelineValues> = { ...patch };
    if (patch.saved_filters) changes.saved_filters = withFilterIds(patch.saved_filters);
    const merged = { ...valuesOf(row), ...changes };
    const checkShares = sharingChanges(patch, row).includes('shared_with_users');
    throwIfInvalid(await checkTimeline(scope, merged, row.user_id, { checkShares }));
    const result = await updateTimeline(scope, id, changes, expected ?? row.version, (current) =>
      authorizePatch(user, current, patch),
    );
    if (result.status === 'ok') return result.row;
    if (result.status === 'missing') throw notFound('Timeline');
    if (expected !== undefined || attempt >= 2) assertVersion(result.current, row.version);
  }
}

/** Soft-deletes: the timeline disappears from every read, its id answers 404. */
export async function deleteTimeline(
  scope: Scope,
  user: AuthUser,
  id: string,
  expected: number | undefined,
): Promise<void> {
  const row = await readForWrite(scope, user, id);
  assertCanManage(user, row, 'delete it');
  assertVersion(row, expected);
  const result = await updateTimeline(scope, id, { is_deleted: true }, expected, (current) =>
    assertCanManage(user, current, 'delete it'),
  );
  if (result.status === 'missing') throw notFound('Timeline');
  if (result.status === 'stale') assertVersion(result.current, expected);
}
