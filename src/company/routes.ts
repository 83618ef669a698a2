/**
 * GET/PATCH /company/settings (PUT takes the same partial body): time zone and working calendar
 * (analytics), activity visibility (every read), retention (the purge job), the response-time target
 * (the team dashboard). Changes are recorded in the audit trail.
 */
import { type Static, Type } from 'typebox';
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import { invalid } from '../errors.js';
import { assertZone } from '../time/request-zone.js';
import { ActivityVisibility } from '../visibility/setting.js';
import { getCompanySettings, saveCompanySettings } from './queries.js';

const HHMM = '^([01]\\d|2[0-3]):[0-5]\\d$';
const WorkingCalendar = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
      uniqueItems: true,
      maxItems: 7,
      description: 'Working days, 0 = Sunday … 6 = Saturday.',
    }),
    start: Type.String({ pattern: HHMM, description: 'Start of the working day, HH:MM local time.' }),
    end: Type.String({ pattern: HHMM, description: 'End of the working day, HH:MM local time.' }),
  },
  { additionalProperties: false },
);
const Settings = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  timezone: Type.String({ description: 'IANA time zone: the default for buckets and business hours.' }),
  working_calendar: WorkingCalendar,
  activity_visibility: ActivityVisibility,
  retention_deleted_days: Type.Integer({
    minimum: 1,
    maximum: 36500,
    description: 'Soft-deleted events are purged (removed for good) this many days after their deletion.',
  }),
  retention_years: Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()], {
    description: 'Events whose time is older than this many years are purged; null keeps them.',
  }),
  response_target_minutes: Type.Integer({
    minimum: 1,
    maximum: 10080,
    description:
      "First-reply target in minutes (default 240 = 4 h), the line on the team dashboard's response times; at most 7 days, the window within which a reply counts.",
  }),
});
const SettingsPatch = Type.Partial(Settings, { additionalProperties: false, minProperties: 1 });

type SettingsPatch = Static<typeof SettingsPatch>;

/** Checks what the schema cannot (a zone the database knows, a working day that ends after it starts). */
function assertPatch(body: SettingsPatch) {
  // `!== undefined`: an empty zone was stored unchecked and failed every later analytics request (500).
  if (body.timezone !== undefined) assertZone(body.timezone, 'body.timezone');
  if (body.working_calendar && body.working_calendar.start >= body.working_calendar.end) {
    throw invalid('The working day must start before it ends.', [
      { path: 'body.working_calendar.end', message: 'must be after start' },
    ]);
  }
}

export function registerCompanyRoutes(app: AppInstance) {
  app.get(
    '/company/settings',
    { schema: { tags: ['company'], summary: 'Company settings', response: { 200: Settings } } },
    async (request) => getCompanySettings(request.scope),
  );
  for (const method of ['put', 'patch'] as const) {
    app[method](
      '/company/settings',
      {
        schema: {
          tags: ['company'],
          summary:
            method === 'put'
              ? 'Change company settings (admin only)'
              : 'Change company settings: the fields sent (admin only)',
          body: SettingsPatch,
          response: { 200: Settings, 403: { $ref: 'Problem#' } },
        },
      },
      async (request) => {
        authorize(request.user, 'company:write');
        assertPatch(request.body);
        return saveCompanySettings(request.scope, request.body);
      },
    );
  }
}
