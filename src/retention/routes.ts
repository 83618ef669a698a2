/**
 * GET/PUT /retention: the retention settings for compliance officers and admins (company settings
 * hold them; PUT /company/settings stays admin-only for the rest). A change is audited as
 * company.settings.update, like any settings change.
 */
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import { saveCompanySettings } from '../company/queries.js';
import { getRetentionOverview } from './overview.js';
import { RetentionPatch, RetentionResponse } from './schema.js';

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
}
