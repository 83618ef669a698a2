/** Company settings (time zone, working calendar, activity visibility). A company without a row has the defaults. */
import type { Scope } from '../db/scope.js';
import type { WorkingCalendar } from '../db/types.js';
import type { ActivityVisibility } from '../visibility/setting.js';

export interface CompanySettings {
  name: string;
  timezone: string;
  working_calendar: WorkingCalendar;
  activity_visibility: ActivityVisibility;
}

export const DEFAULT_SETTINGS: CompanySettings = {
  name: 'My company',
  timezone: 'UTC',
  working_calendar: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  activity_visibility: 'company',
};

export async function getCompanySettings(scope: Scope): Promise<CompanySettings> {
  const row = await scope.db
    .selectFrom('companies')
    .select(['name', 'timezone', 'working_calendar', 'activity_visibility'])
    .where('id', '=', scope.companyId)
    .executeTakeFirst();
  return row ?? DEFAULT_SETTINGS;
}

export async function saveCompanySettings(
  scope: Scope,
  patch: Partial<CompanySettings>,
): Promise<CompanySettings> {
  const next = { ...(await getCompanySettings(scope)), ...patch };
  await scope.db
    .insertInto('companies')
    .values({ id: scope.companyId, ...next, working_calendar: JSON.stringify(next.working_calendar) })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        name: next.name,
        timezone: next.timezone,
        working_calendar: JSON.stringify(next.working_calendar),
        activity_visibility: next.activity_visibility,
        updated_at: new Date(),
      }),
    )
    .execute();
  return next;
}
