/** The retention settings page's data: settings, what a purge run now would remove, the last purge. */
import { getCompanySettings } from '../company/queries.js';
import type { Scope } from '../db/scope.js';
import { countPurgeable } from '../events/queries/purge-events.js';
import type { RetentionResponse } from './schema.js';

const DAY = 86_400_000;

export async function getRetentionOverview(
  scope: Scope,
  intervalMinutes: number,
): Promise<RetentionResponse> {
  const settings = await getCompanySettings(scope);
  const policy = { deletedDays: settings.retention_deleted_days, years: settings.retention_years };
  const [counts, last] = await Promise.all([
    countPurgeable(scope, policy),
    scope.db
      .selectFrom('audit_log')
      .select(['id', 'at', 'details'])
      .where('company_id', '=', scope.companyId)
      .where('action', '=', 'retention.purge')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const now = Date.now();
  const olderThan = new Date(now);
  if (policy.years !== null) olderThan.setUTCFullYear(olderThan.getUTCFullYear() - policy.years);
  return {
    retention_deleted_days: policy.deletedDays,
    retention_years: policy.years,
    interval_minutes: intervalMinutes,
    next_purge: {
      ...counts,
      deleted_before: new Date(now - policy.deletedDays * DAY).toISOString(),
      older_than: policy.years === null ? null : olderThan.toISOString(),
    },
    last_purge: last
      ? {
          at: new Date(last.at).toISOString(),
          count: Number((last.details as { count?: number }).count ?? 0),
          audit_id: Number(last.id),
        }
      : null,
  };
}
