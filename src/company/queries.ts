/**
 * Company settings (time zone, working calendar, activity visibility, retention, response target).
 * A company without a row has the defaults.
 */
import type { Transaction } from 'kysely';
import { auditContext, fieldChanges, recordAudit } from '../audit/record.js';
import type { Scope } from '../db/scope.js';
import type { Database, WorkingCalendar } from '../db/types.js';
import '../retention/db-types.js';
import './db-types.js';
import type { ActivityVisibility } from '../visibility/setting.js';

export interface CompanySettings {
  name: string;
  timezone: string;
  working_calendar: WorkingCalendar;
  activity_visibility: ActivityVisibility;
  /** Days a soft-deleted event is kept before the purge removes it (src/retention/). */
  retention_deleted_days: number;
  /** Events older than this many years are purged; null keeps them. */
  retention_years: number | null;
  /** First-reply target in minutes (the team dashboard's target line). */
  response_target_minutes: number;
}

export const DEFAULT_SETTINGS: CompanySettings = {
  name: 'My company',
  timezone: 'UTC',
  working_calendar: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  activity_visibility: 'company',
  retention_deleted_days: 30,
  retention_years: null,
  response_target_minutes: 240,
};

export async function getCompanySettings(scope: Scope): Promise<CompanySettings> {
  const row = await scope.db
    .selectFrom('companies')
    .select([
      'name',
      'timezone',
      'working_calendar',
      'activity_visibility',
      'retention_deleted_days',
      'retention_years',
      'response_target_minutes',
    ])
    .where('id', '=', scope.companyId)
    .executeTakeFirst();
  return row ?? DEFAULT_SETTINGS;
}

export async function saveCompanySettings(
  scope: Scope,
  patch: Partial<CompanySettings>,
): Promise<CompanySettings> {
  return scope.db.transaction().execute(async (trx) => {
    const before = await getCompanySettings({ ...scope, db: trx });
    const next = { ...before, ...patch };
    await writeSettings(trx, scope.companyId, next);
    await recordAudit(trx, auditContext(scope), {
      action: 'company.settings.update',
      objectType: 'company',
      objectIds: [scope.companyId],
      details: { changes: fieldChanges(before, next, Object.keys(patch)) },
    });
    return next;
  });
}

async function writeSettings(trx: Transaction<Database>, companyId: string, next: CompanySettings) {
  await trx
    .insertInto('companies')
    .values({ id: companyId, ...next, working_calendar: JSON.stringify(next.working_calendar) })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        name: next.name,
        timezone: next.timezone,
        working_calendar: JSON.stringify(next.working_calendar),
        activity_visibility: next.activity_visibility,
        retention_deleted_days: next.retention_deleted_days,
        retention_years: next.retention_years,
        response_target_minutes: next.response_target_minutes,
        updated_at: new Date(),
      }),
    )
    .execute();
}
