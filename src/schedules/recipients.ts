/**
 * Recipients as the delivery sees them: a channel, an address, and the viewer whose visibility
 * filters what they get — the directory user they are tied to (role and team as the directory
 * has them now), else the schedule's owner (an outside address sees what the owner may see).
 */
import { ROLES, type Role } from '../auth/roles.js';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import type { ScheduleRow } from './db-types.js';
import type { Recipient } from './schema.js';

export interface ResolvedRecipient {
  channel: 'email' | 'webhook';
  address: string;
  user_id: string | null;
  viewer: AuthUser;
  /** Why nothing is sent (an unknown or inactive user, no email), else null. */
  problem: string | null;
}

export const ownerOf = (s: ScheduleRow): AuthUser => ({
  userId: s.owner_user_id,
  companyId: s.company_id,
  role: s.owner_role as Role,
  teamId: s.owner_team_id,
});

// A directory role this server does not know reads as the narrowest one.
const roleOf = (role: string): Role =>
  (ROLES as readonly string[]).includes(role) && role !== 'integration' ? (role as Role) : 'rep';

export async function resolveRecipients(scope: Scope, s: ScheduleRow): Promise<ResolvedRecipient[]> {
  const list = s.recipients as Recipient[];
  const ids = [...new Set(list.flatMap((r) => (r.user_id ? [r.user_id] : [])))];
  const users = ids.length
    ? await scope.db
        .selectFrom('users')
        .select(['id', 'email', 'role', 'team_id', 'active'])
        .where('company_id', '=', scope.companyId)
        .where('id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return list.map((r) => {
    const channel = r.webhook_url ? 'webhook' : 'email';
    const user = r.user_id ? byId.get(r.user_id) : undefined;
    const address = r.webhook_url ?? r.email ?? user?.email ?? '';
    let problem: string | null = null;
    if (r.user_id && !user) problem = 'the user is not in the directory';
    else if (user && !user.active) problem = 'the user is inactive';
    else if (!address) problem = 'the user has no email in the directory';
    const viewer: AuthUser = user
      ? { userId: user.id, companyId: scope.companyId, role: roleOf(user.role), teamId: user.team_id }
      : ownerOf(s);
    return { channel, address, user_id: r.user_id ?? null, viewer, problem };
  });
}
