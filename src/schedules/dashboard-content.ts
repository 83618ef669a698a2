/** A dashboard target as delivered content: the dashboard bundle of the period ending at the slot. */
import type { AuthUser } from '../auth/tokens.js';
import { composeExecutive, composeMe, composeTeam } from '../dashboards/compose.js';
import type { Scope } from '../db/scope.js';
import { dashboardDocument } from '../exports/dashboard-document.js';
import type { Visibility } from '../visibility/policy.js';
import { type Content, escapeHtml as h } from './content.js';
import type { DashboardTarget } from './schema.js';

const DAYS = { last_day: 1, last_7_days: 7, last_30_days: 30 } as const;

/** Every number of the bundle as [path, value] rows (the CSV, and the email's table). */
function flatten(value: unknown, path: string, out: Array<[string, number | string]>): void {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) flatten(v, `${path}[${i}]`, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  else if (typeof value === 'number' || typeof value === 'string') out.push([path, value]);
}

export async function dashboardContent(
  scope: Scope,
  target: DashboardTarget,
  subject: AuthUser | null,
  v: Visibility,
  at: Date,
  zone: string,
  title: string,
): Promise<Content> {
  const query = {
    from: new Date(at.getTime() - DAYS[target.period] * 86_400_000).toISOString(),
    to: at.toISOString(),
    tz: zone,
    compare: 'previous' as const,
  };
  const data =
    target.dashboard === 'executive'
      ? await composeExecutive(scope, v, query)
      : target.dashboard === 'team'
        ? await composeTeam(scope, v, target.team_id as string, query)
        : await composeMe(scope, subject as AuthUser, v, query);
  const flat: Array<[string, number | string]> = [];
  flatten(
    { volume: { total: data.volume.total, by: data.volume.by }, channels: { by: data.channels.by } },
    '',
    flat,
  );
  const activities = data.volume.total;
  const html = `<!doctype html><html><body><h1>${h(title)}</h1><p>${h(query.from)} – ${h(query.to)} (${h(zone)})</p><p>Activities: <strong>${activities}</strong></p><table>${flat
    .map(([k, val]) => `<tr><td>${h(k)}</td><td>${h(val)}</td></tr>`)
    .join('')}</table><p>The full dashboard is attached.</p></body></html>`;
  const rows: Content['rows'] = [['figure', 'value']];
  flatten(data, '', rows as Array<[string, number | string]>);
  return {
    kind: 'dashboard',
    title,
    data,
    figures: { activities },
    empty: activities === 0,
    html,
    text: `${title}\n${query.from} – ${query.to} (${zone})\nActivities: ${activities}`,
    rows,
    document: dashboardDocument(data, at),
  };
}
