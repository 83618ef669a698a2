/**
 * Who may do what with a shared configuration (a saved timeline, a report): the owner, users it is
 * shared with (view or edit), everyone when public, and admins. Read from the stored row on every
 * request, so a change of sharing takes effect at once. Anyone who may not see it gets the same 404
 * as for a missing one; someone who sees it but may not change it gets 403.
 */
import type { AuthUser } from '../auth/tokens.js';
import { forbidden } from '../errors.js';
import type { Share } from './fields.js';

/** The columns every shareable table has. */
export interface SharedRow {
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

const shares = (row: SharedRow) => (row.shared_with_users as Share[] | null) ?? [];

/** How the row reaches the user, for pickers (mine / shared / public; other: an admin's view). */
export function relationOf(user: AuthUser, row: SharedRow): Relation {
  if (row.user_id === user.userId) return 'mine';
  if (shares(row).some((s) => s.user_id === user.userId)) return 'shared';
  if (row.is_public) return 'public';
  return 'other';
}

export function permissionsOf(user: AuthUser, row: SharedRow): Permissions {
  const owner = row.user_id === user.userId || user.role === 'admin';
  const share = shares(row).find((s) => s.user_id === user.userId);
  return {
    read: owner || share !== undefined || row.is_public,
    edit: owner || share?.permission === 'edit',
    manage: owner,
  };
}

/** `noun`: what the row is ("timeline", "report"); `hint`: what a read-only user can do instead. */
export function assertCanEdit(user: AuthUser, row: SharedRow, noun: string, hint: string): void {
  if (!permissionsOf(user, row).edit) throw forbidden(`This ${noun} is shared with you read-only: ${hint}.`);
}

export function assertCanManage(user: AuthUser, row: SharedRow, noun: string, what: string): void {
  if (!permissionsOf(user, row).manage) throw forbidden(`Only the owner of this ${noun} may ${what}.`);
}
