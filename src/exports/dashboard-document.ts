/**
 * A dashboard bundle (GET /dashboards/...) as an export document: the page's KPI tiles, its charts
 * (src/charts/dashboard-charts.ts, the options the page draws) and its tables. Figures are copied
 * from the bundle, never recomputed, so the file says what the JSON says.
 */
import { bundleTeamName, dashboardCharts, typeLabel } from '../charts/dashboard-charts.js';
import { moverName } from '../dashboards/mover-name.js';
import type { ExecutiveDashboard, MeDashboard, TeamDashboard } from '../dashboards/schema.js';
import { valueLabel } from '../events/value-labels.js';
import { formatPeriod } from '../time/period-label.js';
import type { ExportDocument, KpiTile } from './table.js';

export type DashboardBundle = ExecutiveDashboard | TeamDashboard | MeDashboard;

const TITLES = { executive: 'Executive dashboard', team: 'Team dashboard', me: 'My activity' };

/** The tiles of the page: activities, customers touched, outcome rate, median response time. */
export function dashboardKpis(d: DashboardBundle): KpiTile[] {
  const t = d.productivity.totals;
  return [
    { label: 'Activities', value: d.volume.total, unit: 'events' },
    { label: 'Customers touched', value: t.customers_touched, unit: 'customers' },
    { label: 'Outcome rate', value: t.outcome_rate === null ? null : t.outcome_rate * 100, unit: '%' },
    {
      label: 'Median response time',
      value: d.response_times.overall.median_minutes,
      unit: 'min',
      note: `${d.response_times.overall.answered} answered inbound`,
    },
    { label: 'Tasks completed', value: t.tasks_completed, unit: 'tasks' },
  ];
}

/**
 * A user's name from the bundle: its productivity rows name every user with events in the period
 * and every member of the teams shown (the team page names its members the same way); an id the
 * directory does not know stays an id.
 */
const bundleUserName = (d: DashboardBundle) => {
  const names = new Map<string, string>();
  for (const u of [...d.productivity.users, ...d.productivity.teams.flatMap((t) => t.members)])
    if (u.name) names.set(u.user_id, u.name);
  return (id: string) => names.get(id) ?? id;
};

function tables(d: DashboardBundle): ExportDocument['tables'] {
  const teamName = bundleTeamName(d);
  const userName = bundleUserName(d);
  return [
    {
      title: 'Activity trend',
      columns: [
        { key: 'start', label: 'Bucket start', type: 'datetime' },
        { key: 'total', label: 'Events', type: 'number' },
        { key: 'previous', label: 'Previous period', type: 'number' },
      ],
      rows: d.volume.buckets.map((b, i) => ({
        start: b.start,
        total: b.total,
        previous: d.volume.previous?.buckets[i]?.total,
      })),
    },
    {
      title: d.kind === 'team' ? 'Events by member' : 'Events by type',
      columns: [
        { key: 'type', label: d.kind === 'team' ? 'Member' : 'Type', type: 'text' },
        { key: 'events', label: 'Events', type: 'number' },
      ],
      rows: d.volume.by.map((r) => ({
        type: d.kind === 'team' ? userName(r.key) : typeLabel(r.key),
        events: r.value,
      })),
    },
    {
      title: 'Events by source',
      columns: [
        { key: 'source', label: 'Source', type: 'text' },
        { key: 'events', label: 'Events', type: 'number' },
      ],
      rows: d.channels.by.map((r) => ({ source: valueLabel('source', r.key), events: r.value })),
    },
    {
      title: 'Teams',
      columns: [
        { key: 'team', label: 'Team', type: 'text' },
        { key: 'events', label: 'Events', type: 'number' },
        { key: 'outcome_rate', label: 'Outcome rate', type: 'percent' },
        { key: 'median_response', label: 'Median response', type: 'duration', unit: 'min' },
      ],
      rows: d.productivity.teams.map((t) => ({
        team: teamName(t.team_id),
        events: t.activities,
        outcome_rate: t.outcome_rate,
        median_response: t.median_response_minutes,
      })),
    },
    {
      title: 'Top movers',
      columns: [
        { key: 'what', label: 'What', type: 'text' },
        { key: 'current', label: 'Events', type: 'number' },
        { key: 'absolute', label: 'Change', type: 'number' },
        { key: 'relative', label: 'Change', type: 'percent' },
      ],
      rows: d.top_movers.map((m) => ({
        what: moverName(m, { team: teamName, user: userName }),
        current: m.current,
        absolute: m.absolute,
        relative: m.relative,
      })),
    },
  ];
}

/**
 * The document of a dashboard bundle, datetimes in the bundle's period zone. `periodName`: the
 * relative period the bundle covers ("Last 7 days"), when it is one.
 */
export function dashboardDocument(
  d: DashboardBundle,
  generatedAt = new Date(),
  periodName?: string,
): ExportDocument {
  const name = d.kind === 'team' ? `${TITLES.team}: ${(d as TeamDashboard).team.name}` : TITLES[d.kind];
  const p = d.period;
  return {
    title: name,
    subtitle: [
      `Period: ${formatPeriod({ ...p, name: periodName })}`,
      p.previous ? `Compared with: ${formatPeriod({ ...p.previous, tz: p.tz })}` : 'No comparison',
      `Charted by ${p.bucket}`,
    ],
    generatedAt,
    timeZone: p.tz,
    kpis: dashboardKpis(d),
    charts: dashboardCharts(d).map((c) => ({
      title: c.title,
      subtitle: c.label,
      option: c.option,
      height: c.height,
    })),
    tables: tables(d),
  };
}
