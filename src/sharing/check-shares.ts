/** The rules shares must follow beyond their schema: unique, not the owner, active directory users. */
import type { Scope } from '../db/scope.js';
import type { FieldError } from '../errors.js';
import type { Share } from './fields.js';
import { findDirectoryUsers } from './queries.js';

/** Indexes of the items whose key appeared before. */
export function duplicates<T>(items: T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const k = key(item);
    if (seen.has(k)) return [i];
    seen.add(k);
    return [];
  });
}

/** Every problem of `shares` (errors at body.shared_with_users.N.user_id); `noun` names the thing shared. */
export async function checkShares(
  scope: Scope,
  shares: Share[],
  owner: string,
  noun: string,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const path = (i: number) => `body.shared_with_users.${i}.user_id`;
  for (const i of duplicates(shares, (s) => s.user_id))
    errors.push({ path: path(i), message: 'appears more than once' });
  const known = await findDirectoryUsers(
    scope,
    shares.map((s) => s.user_id),
    { activeOnly: true },
  );
  shares.forEach((s, i) => {
    if (s.user_id === owner) errors.push({ path: path(i), message: `is the owner of the ${noun}` });
    else if (!known.has(s.user_id))
      errors.push({ path: path(i), message: 'is not an active user of your company' });
  });
  return errors;
}
