/** The edge of every analytics and dashboard request: who is asking, and may they ask this. */
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { assertCanSeeFigures } from './explicit.js';
import { resolveVisibility, type Visibility } from './policy.js';

/**
 * The viewer's visibility, after refusing integration tokens (403) and a user_id or team_id whose
 * figures the viewer may not see (403 naming the field).
 */
export async function resolveAnalyticsViewer(
  scope: Scope,
  user: AuthUser,
  asked: { user_id?: readonly string[]; team_id?: readonly string[] } = {},
): Promise<Visibility> {
  const v = await resolveVisibility(scope, user);
  assertCanSeeFigures(v, asked);
  return v;
}
