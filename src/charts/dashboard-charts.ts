/**
 * The charts of the dashboard pages as data: title, accessible label and the ECharts option built
 * from a dashboard bundle. The web pages draw these options and the PDF export renders the same
 * ones to SVG, so a PDF chart is the screen's chart. No Node built-ins: the web app bundles it.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { ExecutiveDashboard, MeDashboard, TeamDashboard } from '../dashboards/schema.js';
import { EVENT_TYPE_META, type EventType } from '../events/catalogue.js';
import { valueLabel } from '../events/value-labels.js';
import { barOption, pieOption, trendOption } from './builders.js';

export interface DashboardChart {
  id: string;
  title: string;
  /** What the chart shows (the page's aria-label). */
  label: string;
  height: number;
  option: EChartsCoreOption;
}

export const typeLabel = (type: string) => EVENT_TYPE_META[type as EventType]?.label ?? type;
const typeColor = (type: string) => EVENT_TYPE_META[type as EventType]?.color ?? '#475569';

type Bundle = ExecutiveDashboard | TeamDashboard | MeDashboard;

/** This period against the previous one, per bucket. */
export const activityTrend = (d: Bundle): DashboardChart => ({
  id: 'trend',
  title: 'Activity trend',
  label: 'Activity trend, this period against the previous period',
  height: 280,
  option: trendOption(d.volume.buckets, d.volume.previous?.buckets, d.period.bucket, 'events'),
});

/** Engaged (≥ 1 inbound event) of touched customers per segment. */
export const engagementBySegment = (d: ExecutiveDashboard | TeamDashboard): DashboardChart => ({
  id: 'engagement',
  title: 'Engagement by segment',
  label: 'Engaged customers by customer segment',
  height: 260,
  option: barOption(
    d.engagement.rate.by_segment.map((r) => ({ label: r.segment, value: r.engaged, previous: r.touched })),
    'customers',
    { value: 'Engaged', previous: 'Touched' },
  ),
});

/** Share of events by activity type (volume broken down by type). */
export const channelMix = (rows: Array<{ key: string; value: number }>): DashboardChart => ({
  id: 'channel-mix',
  title: 'Channel mix',
  label: 'Events by activity type',
  height: 260,
  option: pieOption(
    rows.map((r) => ({ label: typeLabel(r.key), value: r.value, color: typeColor(r.key) })),
    'events',
  ),
});

/** Events per team; `teamName` names a team id (the page also knows the directory's names). */
export const teamComparison = (d: ExecutiveDashboard, teamName: (id: string) => string): DashboardChart => ({
  id: 'teams',
  title: 'Team comparison',
  label: 'Events per team',
  height: 220,
  option: barOption(
    d.productivity.teams.map((t) => ({ label: teamName(t.team_id), value: t.activities })),
    'events',
  ),
});

/** A team name from the bundle itself (what a server without the page's directory query knows). */
export const bundleTeamName = (d: Bundle) => (id: string) =>
  d.productivity.teams.find((t) => t.team_id === id)?.name ?? (id === 'unknown' ? 'No team' : id);

/** The charts a dashboard's PDF shows, in page order. */
export function dashboardCharts(d: Bundle): DashboardChart[] {
  if (d.kind === 'executive') {
    const e = d as ExecutiveDashboard;
    return [
      activityTrend(e),
      engagementBySegment(e),
      channelMix(e.volume.by),
      teamComparison(e, bundleTeamName(e)),
    ];
  }
  const sources: DashboardChart = {
    id: 'sources',
    title: 'Channels',
    label: 'Events by source',
    height: 220,
    option: barOption(
      d.channels.by.map((r) => ({ label: valueLabel('source', r.key), value: r.value })),
      'events',
    ),
  };
  if (d.kind === 'team') return [activityTrend(d), engagementBySegment(d as TeamDashboard), sources];
  return [activityTrend(d), channelMix(d.volume.by), sources];
}
