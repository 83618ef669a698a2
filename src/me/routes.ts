/**
 * GET/PUT /me/preferences: the signed-in user's preferences (any role; only their own row).
 * GET /me/customers: the user's customers by engagement over their own events.
 */
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import { notFound } from '../errors.js';
import { assertZone } from '../time/request-zone.js';
import { resolveVisibility } from '../visibility/policy.js';
import { listMyCustomers } from './customers.js';
import { MyCustomersQuery, MyCustomersResponse, Preferences } from './schema.js';

const tags = ['me'];
const problem = { $ref: 'Problem#' };

export function registerMeRoutes(app: AppInstance) {
  app.get(
    '/me/preferences',
    {
      schema: {
        tags,
        summary: 'Your preferences (empty until set)',
        response: { 200: Preferences, 401: problem },
      },
    },
    async (request) => {
      const row = await request.scope.db
        .selectFrom('users')
        .select('preferences')
        .where('company_id', '=', request.scope.companyId)
        .where('id', '=', request.user.userId)
        .executeTakeFirst();
      return (row?.preferences ?? {}) as Preferences;
    },
  );
  app.put(
    '/me/preferences',
    {
      schema: {
        tags,
        summary: 'Replace your preferences',
        body: Preferences,
        response: { 200: Preferences, 400: problem, 401: problem, 404: problem },
      },
    },
    async (request) => {
      // Stored canonical, so the web app can hand it to Intl and to the histogram's `tz` as is.
      const body = request.body.time_zone
        ? { ...request.body, time_zone: assertZone(request.body.time_zone, 'body.time_zone') }
        : request.body;
      // Only the caller's own row: the user id comes from the token, never from the request.
      const updated = await request.scope.db
        .updateTable('users')
        .set({ preferences: JSON.stringify(body), updated_at: new Date() })
        .where('company_id', '=', request.scope.companyId)
        .where('id', '=', request.user.userId)
        .returning('preferences')
        .executeTakeFirst();
      if (!updated) throw notFound('Your user in the directory');
      return updated.preferences as Preferences;
    },
  );

  app.get(
    '/me/customers',
    {
      schema: {
        tags,
        summary: 'Your customers by engagement in a period',
        description:
          'Every customer you (the token’s user) had events with in [from, to): the engagement score (0–100, KPI 3b formula over your events with them, half-life 30 days), your event count and your last touch. Exact: computed over all your events of the period.',
        querystring: MyCustomersQuery,
        response: { 200: MyCustomersResponse, 400: problem, 401: problem, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'events:read');
      const v = await resolveVisibility(request.scope, request.user);
      return listMyCustomers(request.scope, request.user.userId, v, request.query);
    },
  );
}
