/** A dashboard target as delivered content: the dashboard bundle of the period ending at the slot. */
import type { AuthUser } from '../auth/tokens.js';
import { composeExecutive, composeMe, composeTeam } from '../dashboards/compose.js';
import type { Scope } from '../db/scope.js';
import { type DashboardBundle, dashboardDocument } from '../exports/dashboard-document.js';
import { RELATIVE_RANGE_LABELS } from '../timelines/catalogue.js';
import type { Visibility } from '../visibility/policy.js';
import type { Content } from './content.js';
import { documentHtml, documentText, type TotalsRows } from './email-html.js';
import type { DashboardTarget } from './schema.js';

const DAYS = { last_day: 1, last_7_days: 7, last_30_days: 30 } as const;
/** How each preset reads in the period line: a rolling window ending at the slot. */
const NAMES = {
  last_day: RELATIVE_RANGE_LABELS.last_24_hours,
  last_7_days: RELATIVE_RANGE_LABELS.last_7_days,
  last_30_days: RELATIVE_RANGE_LABELS.last_30_days,
};

/** Every number of the bundle as [path, value] rows (the CSV). */
function flatten(value: unknown, path: string, out: Array<[string, number | string]>): void {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) flatten(v, `${path}[${i}]`, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  else if (typeof value === 'number' || typeof value === 'string') out.push([path, value]);
}

/**
 * Totals rows of the document's tables (dashboardDocument's order: trend, by type or member, by
 * source), from the bundle's own totals: a breakdown may leave out people the viewer may not see,
 * the totals never do.
 */
function totalsRows(d: DashboardBundle): TotalsRows {
  return [
    { total: d.volume.total, previous: d.volume.previous?.total },
    { events: d.volume.total },
    { events: d.channels.total },
  ];
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
  const activities = data.volume.total;
  const document = dashboardDocument(data, at, NAMES[target.period]);
  // The schedule's name heads the email; the dashboard's own name leads the period lines.
  const head = { ...document, title, subtitle: [document.title, ...(document.subtitle ?? [])] };
  const footer = 'The full dashboard is attached.';
  const rows: Content['rows'] = [['figure', 'value']];
  flatten(data, '', rows as Array<[string, number | string]>);
  return {
    kind: 'dashboard',
    title,
    data,
    figures: { activities },
    empty: activities === 0,
    html: await documentHtml(head, totalsRows(data), footer),
    text: documentText(head, footer),
    rows,
    document,
  };
}
