/**
 * GET/PUT /retention: the retention settings for compliance officers and admins (company settings
 * hold them; PUT /company/settings stays admin-only for the rest). A change is audited as
 * company.settings.update, like any settings change. POST /retention/purge runs the purge now.
 */
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import { saveCompanySettings } from '../company/queries.js';
import { getRetentionOverview } from './overview.js';
import { purgeCompanyNow } from './purge-all.js';
import { PurgeResponse, RetentionPatch, RetentionResponse } from './schema.js';

const problem = { $ref: 'Problem#' };

export function registerRetentionRoutes(app: AppInstance) {
  const interval = () => app.ctx.config.retentionIntervalMinutes;
  app.get(
    '/retention',
    {
      schema: {
        tags: ['compliance'],
        summary: 'Retention settings and what the next purge would remove (compliance, admin)',
        response: { 200: RetentionResponse, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'retention:manage');
      return getRetentionOverview(request.scope, interval());
    },
  );
  app.put(
    '/retention',
    {
      schema: {
        tags: ['compliance'],
        summary: 'Change the retention settings (compliance, admin)',
        body: RetentionPatch,
        response: { 200: RetentionResponse, 400: problem, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'retention:manage');
      await saveCompanySettings(request.scope, request.body);
      return getRetentionOverview(request.scope, interval());
    },
  );
  app.post(
    '/retention/purge',
    {
      schema: {
        tags: ['compliance'],
        summary: "Run the company's retention purge now (compliance, admin)",
        description:
          'Removes for good what the settings no longer keep (the rows GET /retention counts under next_purge), as the interval run does: in chunks of up to 5,000 events, each one transaction with its change-log entries (the replica and open live timelines drop the events) and one retention.purge audit entry naming the caller. Answers what was removed; nothing to remove writes no entry.',
        response: { 200: PurgeResponse, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'retention:manage');
      return purgeCompanyNow(request.scope);
    },
  );
}
