/**
 * What a target delivers to one viewer (buildContent), and the checks made when a schedule is
 * saved (checkTarget): the subject exists, the creator may schedule it, the kind is wired in.
 *
 * Who may schedule what (the creator's role; admin may manage every schedule of the company):
 * - executive dashboard: team_lead, marketing, executive, compliance, admin;
 * - team dashboard: whoever may open it (the team's lead; marketing, executive, compliance, admin);
 * - individual dashboard: one's own (any person), or a member of a team one leads, or anyone's
 *   for the everyone-roles;
 * - digest: every person (each recipient still sees only what they may see);
 * - integration tokens schedule nothing (they are machines).
 */
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { forbidden, invalid } from '../errors.js';
import { resolveVisibility } from '../visibility/policy.js';
import type { Content } from './content.js';
import { dashboardContent } from './dashboard-content.js';
import { buildDigest, type Digest } from './digest.js';
import { digestContent } from './digest-render.js';
import { checkReportTarget, reportContent } from './report-content.js';
import type { DashboardTarget, DigestTarget, Target } from './schema.js';

const EXECUTIVE_DASHBOARD = new Set(['team_lead', 'marketing', 'executive', 'compliance', 'admin']);
const bad = (path: string, message: string) =>
  invalid(`Invalid target: ${message}.`, [{ path: `body.target.${path}`, message }]);

async function digestSubject(scope: Scope, t: DigestTarget): Promise<Digest['subject']> {
  const given = [t.customer_id, t.segment, t.team_id].filter((x) => x !== undefined).length;
  if (given !== 1) throw bad('customer_id', 'give exactly one of customer_id, segment, team_id');
  if (t.segment) return { kind: 'segment', id: t.segment, name: t.segment };
  const table = t.customer_id ? 'customers' : 'teams';
  const id = (t.customer_id ?? t.team_id) as string;
  const row = await scope.db
    .selectFrom(table)
    .select('name')
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw bad(
      t.customer_id ? 'customer_id' : 'team_id',
      `no ${t.customer_id ? 'customer' : 'team'} ${id} in the directory`,
    );
  return { kind: t.customer_id ? 'customer' : 'team', id, name: row.name };
}

/** The user of an individual dashboard, as the directory has them. */
async function dashboardSubject(scope: Scope, t: DashboardTarget): Promise<AuthUser | null> {
  if (t.dashboard !== 'individual') return null;
  if (!t.user_id) throw bad('user_id', 'an individual dashboard needs user_id');
  const row = await scope.db
    .selectFrom('users')
    .select(['id', 'role', 'team_id'])
    .where('company_id', '=', scope.companyId)
    .where('id', '=', t.user_id)
    .executeTakeFirst();
  if (!row) throw bad('user_id', `no user ${t.user_id} in the directory`);
  return { userId: row.id, companyId: scope.companyId, role: 'rep', teamId: row.team_id };
}

async function checkDashboard(scope: Scope, creator: AuthUser, t: DashboardTarget): Promise<void> {
  if (t.dashboard === 'team' && !t.team_id) throw bad('team_id', 'a team dashboard needs team_id');
  if (t.dashboard === 'executive' && !EXECUTIVE_DASHBOARD.has(creator.role))
    throw forbidden(`Your role (${creator.role}) may not schedule the executive dashboard.`);
  const subject = await dashboardSubject(scope, t);
  const v = await resolveVisibility(scope, creator);
  if (t.dashboard === 'team') {
    const team = await scope.db
      .selectFrom('teams')
      .select('id')
      .where('company_id', '=', scope.companyId)
      .where('id', '=', t.team_id as string)
      .executeTakeFirst();
    if (!team) throw bad('team_id', `no team ${t.team_id} in the directory`);
    if (v.figures.teams && !v.figures.teams.has((t.team_id as string).toLowerCase()))
      throw forbidden('You may not schedule this team’s dashboard.');
  }
  if (subject && v.figures.users && !v.figures.users.has(subject.userId.toLowerCase()))
    throw forbidden(
      'You may schedule only your own individual dashboard (or a member’s of a team you lead).',
    );
}

/** 400/403 when `creator` may not schedule `target`. */
export async function checkTarget(scope: Scope, creator: AuthUser, target: Target): Promise<void> {
  if (target.kind === 'report') return await checkReportTarget(scope, creator, target.report_id);
  if (target.kind === 'digest') {
    await digestSubject(scope, target);
    return;
  }
  await checkDashboard(scope, creator, target);
}

export interface ContentRequest {
  target: Target;
  name: string;
  zone: string;
  /** The slot: the end of the period delivered. */
  at: Date;
  /** Digest: the previous delivery's slot (what happened since). */
  since: Date;
}

/** The content `viewer` receives for the target (their visibility applied). */
export async function buildContent(scope: Scope, viewer: AuthUser, r: ContentRequest): Promise<Content> {
  const t = r.target;
  if (t.kind === 'report') return await reportContent(scope, viewer, t.report_id, r.at, r.zone);
  const v = await resolveVisibility(scope, viewer);
  if (t.kind === 'dashboard') {
    const subject = await dashboardSubject(scope, t);
    if (subject && v.figures.users && !v.figures.users.has(subject.userId.toLowerCase()))
      throw forbidden('This recipient may not see that user’s figures.');
    return await dashboardContent(scope, t, subject, v, r.at, r.zone, r.name);
  }
  const subject = await digestSubject(scope, t);
  const upcomingTo = new Date(r.at.getTime() + (t.upcoming_days ?? 7) * 86_400_000);
  const digest = await buildDigest(scope, t, subject, v, { from: r.since, to: r.at, upcomingTo });
  return digestContent(digest, r.name, r.zone);
}
