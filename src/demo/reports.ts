/**
 * The demo company's saved reports: two public charts (a weekly line, a pie by type), so /reports
 * opens on something drawn and the chart-labels browser test has a report chart to check.
 */
import type { Scope } from '../db/scope.js';
import type { ReportInput } from '../reports/schema.js';
import { createReport } from '../reports/write-report.js';
import type { DemoUser } from './directory.js';

export const DEMO_REPORTS: ReportInput[] = [
  {
    report_name: 'Weekly activity by direction',
    description: 'All activities, inbound and outbound, per week.',
    definition: {
      metrics: ['activities', 'inbound', 'outbound'],
      dimensions: ['week'],
      visualization: 'line',
      period: { relative: 'last_90_days' },
    },
    is_public: true,
  },
  {
    report_name: 'Channel mix',
    description: 'Share of activities by type.',
    definition: {
      metrics: ['activities'],
      dimensions: ['type'],
      visualization: 'pie',
      period: { relative: 'last_90_days' },
    },
    is_public: true,
  },
];

/** Saves DEMO_REPORTS as the demo admin's (through createReport, so each definition is checked). */
export async function seedDemoReports(scope: Scope, owner: DemoUser): Promise<void> {
  const user = { userId: owner.id, companyId: scope.companyId, role: owner.role, teamId: owner.team_id };
  for (const report of DEMO_REPORTS) await createReport(scope, user, report);
}
