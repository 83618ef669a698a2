/**
 * Who may do what with a saved timeline. Read from the stored row on every request, so a change of
 * sharing takes effect at once. Anyone who may not see a timeline gets the same 404 as for a missing
 * one; someone who sees it but may not change it gets 403.
 */
import type { AuthUser } from '../auth/tokens.js';
import { forbidden } from '../errors.js';
import type { Share } from './fields.js';

export interface TimelineAccessRow {
  user_id: string;
  is_public: boolean;
  shared_with_users: unknown;
}

export type Relation = 'mine' | 'shared' | 'public' | 'other';

export interface Permissions {
  read: boolean;
  edit: boolean;
  /** Change is_public and shared_with_users, delete. */
  manage: boolean;
}

const shares = (row: TimelineAccessRow) => (row.shared_with_users as Share[] | null) ?? [];

/** How the timeline reaches the user, for the picker (mine / shared / public). */
export function relationOf(user: AuthUser, row: TimelineAccessRow): Relation {
  if (row.user_id === user.userId) return 'mine';
  if (shares(row).some((s) => s.user_id === user.userId)) return 'shared';
  if (row.is_public) return 'public';
  return 'other';
}

export function permissionsOf(user: AuthUser, row: TimelineAccessRow): Permissions {
  const owner = row.user_id === user.userId || user.role === 'admin';
  const share = shares(row).find((s) => s.user_id === user.userId);
  return {
    read: owner || share !== undefined || row.is_public,
    edit: owner || share?.permission === 'edit',
    manage: owner,
  };
}

export function assertCanEdit(user: AuthUser, row: TimelineAccessRow): void {
  if (!permissionsOf(user, row).edit)
    throw forbidden('This timeline is shared with you read-only: duplicate it to make your own copy.');
}

export function assertCanManage(user: AuthUser, row: TimelineAccessRow, what: string): void {
  if (!permissionsOf(user, row).manage) throw forbidden(`Only the owner of this timeline may ${what}.`);
}
