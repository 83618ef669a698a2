/** GET /dashboards/executive, /dashboards/team/:teamId, /dashboards/me: one call per dashboard page. */

import { errorResponses, problem } from '../analytics/schemas/common.js';
import type { AppInstance } from '../app.js';
import { sendDashboardFile } from '../exports/dashboard-export.js';
import { DashboardExportQuery } from '../exports/schema.js';
import { resolveAnalyticsViewer } from '../visibility/analytics-access.js';
import { composeExecutive, composeMe, composeTeam } from './compose.js';
import { ExecutiveDashboard, MeDashboard, TeamDashboard, TeamParams } from './schema.js';

const tags = ['dashboards'];
/** format=json (default) answers JSON; pdf and xlsx a file (src/exports/). */
const FORMATS = [
  'application/json',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];
const SECTIONS =
  'Sections equal the KPI endpoints for the same period and filters: volume (KPI 1), channels (KPI 1 by source), response_times (KPI 2, 7-day window, calendar minutes), productivity (KPI 5), effectiveness (KPI 7, deal_won within 30 days), realtime (KPI 8 as of now, 10 overdue listed); top_movers and alerts ([] until the alerts feature). compare defaults to previous.';

export function registerDashboardRoutes(app: AppInstance) {
  app.get(
    '/dashboards/executive',
    {
      schema: {
        tags,
        summary: 'Executive dashboard in one call',
        description: `Company-wide figures; breakdowns by user or team keep only rows you may see. Adds engagement (KPI 3). ${SECTIONS}`,
        querystring: DashboardExportQuery,
        produces: FORMATS,
        response: { 200: ExecutiveDashboard, ...errorResponses },
      },
    },
    async (request, reply) => {
      const v = await resolveAnalyticsViewer(request.scope, request.user);
      const { format = 'json', ...query } = request.query;
      const bundle = await composeExecutive(request.scope, v, query);
      return format === 'json' ? bundle : sendDashboardFile(reply, bundle, format);
    },
  );

  app.get(
    '/dashboards/team/:teamId',
    {
      schema: {
        tags,
        summary: 'Team dashboard in one call',
        description: `Events of the team's members (team_id filter). Only for the team's lead and for marketing, executive, compliance and admin: 403 otherwise, 404 for an unknown team. ${SECTIONS}`,
        params: TeamParams,
        querystring: DashboardExportQuery,
        produces: FORMATS,
        response: { 200: TeamDashboard, ...errorResponses, 404: problem },
      },
    },
    async (request, reply) => {
      const v = await resolveAnalyticsViewer(request.scope, request.user);
      const { format = 'json', ...query } = request.query;
      const bundle = await composeTeam(request.scope, v, request.params.teamId, query);
      return format === 'json' ? bundle : sendDashboardFile(reply, bundle, format);
    },
  );

  app.get(
    '/dashboards/me',
    {
      schema: {
        tags,
        summary: 'Individual dashboard of the caller in one call',
        description: `The caller's own events (user_id filter) and standing in their team. ${SECTIONS}`,
        querystring: DashboardExportQuery,
        produces: FORMATS,
        response: { 200: MeDashboard, ...errorResponses },
      },
    },
    async (request, reply) => {
      const v = await resolveAnalyticsViewer(request.scope, request.user);
      const { format = 'json', ...query } = request.query;
      const bundle = await composeMe(request.scope, request.user, v, query);
      return format === 'json' ? bundle : sendDashboardFile(reply, bundle, format);
    },
  );
}
