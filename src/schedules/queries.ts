/** The schedules' rows: schedules per company, and their deliveries (one per claimed slot). */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { auditContext, recordAudit } from '../audit/record.js';
import { sqlNow } from '../db/clock.js';
import type { Scope } from '../db/scope.js';
import type { Database } from '../db/types.js';
import type { DeliveryRow, ReportSchedulesTable, ScheduleRow } from './db-types.js';
import './db-types.js';

export type NewSchedule = Omit<
  import('kysely').Insertable<ReportSchedulesTable>,
  'company_id' | 'id' | 'created_at' | 'updated_at'
>;

export async function insertSchedule(scope: Scope, values: NewSchedule): Promise<ScheduleRow> {
  return await scope.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('report_schedules')
      .values({ ...values, company_id: scope.companyId, id: randomUUID() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditContext(scope), scheduleEntry('schedule.create', row.id, summary(row)));
    return row;
  });
}

/** What an entry says of a schedule: its target, timing, format and how many recipients (no addresses). */
const summary = (row: object) => {
  const { recipients, webhook_secret: _secret, ...rest } = row as Record<string, unknown>;
  const list = typeof recipients === 'string' ? JSON.parse(recipients) : recipients;
  return { ...rest, ...(Array.isArray(list) ? { recipients: list.length } : {}) };
};

const scheduleEntry = (action: string, id: string, details: Record<string, unknown>) => ({
  action,
  objectType: 'schedule',
  objectIds: [id],
  details,
});

export async function getSchedule(scope: Scope, id: string): Promise<ScheduleRow | undefined> {
  return await scope.db
    .selectFrom('report_schedules')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Schedules of the company, or of one owner. */
export async function listSchedules(scope: Scope, ownerId: string | null): Promise<ScheduleRow[]> {
  let q = scope.db.selectFrom('report_schedules').selectAll().where('company_id', '=', scope.companyId);
  if (ownerId) q = q.where('owner_user_id', '=', ownerId);
  return await q.orderBy('created_at', 'desc').orderBy('id').limit(500).execute();
}

export async function updateSchedule(
  scope: Scope,
  id: string,
  values: Partial<NewSchedule>,
): Promise<ScheduleRow | undefined> {
  return await scope.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('report_schedules')
      .set({ ...values, updated_at: sqlNow() })
      .where('company_id', '=', scope.companyId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (row)
      await recordAudit(trx, auditContext(scope), scheduleEntry('schedule.update', id, summary(values)));
    return row;
  });
}

export async function deleteSchedule(scope: Scope, id: string): Promise<boolean> {
  return await scope.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('report_schedules')
      .where('company_id', '=', scope.companyId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return false;
    await trx
      .deleteFrom('report_deliveries')
      .where('company_id', '=', scope.companyId)
      .where('schedule_id', '=', id)
      .execute();
    await recordAudit(trx, auditContext(scope), scheduleEntry('schedule.delete', id, {}));
    return true;
  });
}

export async function listDeliveries(
  scope: Scope,
  scheduleId: string,
  limit: number,
): Promise<DeliveryRow[]> {
  return await scope.db
    .selectFrom('report_deliveries')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('schedule_id', '=', scheduleId)
    .orderBy('slot_at', 'desc')
    .limit(limit)
    .execute();
}

/** The latest delivery of each schedule (for the list's "last status"). */
export async function latestDeliveries(
  scope: Scope,
  scheduleIds: string[],
): Promise<Map<string, DeliveryRow>> {
  if (scheduleIds.length === 0) return new Map();
  const rows = await scope.db
    .selectFrom('report_deliveries')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('schedule_id', 'in', scheduleIds)
    .orderBy('slot_at', 'desc')
    .execute();
  const latest = new Map<string, DeliveryRow>();
  for (const row of rows) if (!latest.has(row.schedule_id)) latest.set(row.schedule_id, row);
  return latest;
}

/** Where the next digest's window starts: the slot of the previous delivery that went out. */
export async function previousDeliveredSlot(
  scope: Scope,
  scheduleId: string,
  before: Date,
): Promise<Date | null> {
  const row = await scope.db
    .selectFrom('report_deliveries')
    .select('slot_at')
    .where('company_id', '=', scope.companyId)
    .where('schedule_id', '=', scheduleId)
    .where('status', 'in', ['delivered', 'partial', 'skipped'])
    .where('slot_at', '<', before)
    .orderBy('slot_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.slot_at) : null;
}

export async function finishDelivery(
  scope: Scope,
  id: string,
  values: {
    status: DeliveryRow['status'];
    recipients: unknown;
    detail: string | null;
    window_from: Date | null;
  },
): Promise<void> {
  await scope.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('report_deliveries')
      .set({ ...values, recipients: JSON.stringify(values.recipients), finished_at: sqlNow() })
      .where('company_id', '=', scope.companyId)
      .where('id', '=', id)
      .returning(['schedule_id', 'slot_at', 'late'])
      .executeTakeFirst();
    if (!row) return;
    // A delivery is a bulk read sent out of the app: who received what (no addresses, no content).
    const outcomes = (values.recipients as Array<{ channel: string; status: string }>) ?? [];
    await recordAudit(trx, auditContext(scope, 'scheduler'), {
      action: 'schedule.deliver',
      objectType: 'schedule',
      objectIds: [row.schedule_id, id],
      details: {
        status: values.status,
        slot_at: new Date(row.slot_at).toISOString(),
        late: row.late,
        recipients: outcomes.map((o) => ({ channel: o.channel, status: o.status })),
      },
    });
  });
}

/**
 * Schedules of every company with a slot due (the scheduler's work list; crosses tenants by nature),
 * each with the instant "due" was judged at (`at`: the database's now(), unless a clock is fixed),
 * so that the slot and its lateness are worked out against that same instant.
 */
export async function listDueSchedules(
  db: Kysely<Database>,
  limit: number,
  fixedNow?: Date,
): Promise<Array<ScheduleRow & { at: Date }>> {
  const rows = await db
    .selectFrom('report_schedules')
    .selectAll()
    .select(sqlNow(fixedNow).as('at'))
    .where('paused', '=', false)
    .where('next_slot_at', '<=', sqlNow(fixedNow))
    .orderBy('next_slot_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, at: new Date(r.at) }));
}

/** Running deliveries whose claim expired (their process died): to be retaken. */
export async function listExpiredClaims(
  db: Kysely<Database>,
  limit: number,
  fixedNow?: Date,
): Promise<DeliveryRow[]> {
  return await db
    .selectFrom('report_deliveries')
    .selectAll()
    .where('status', '=', 'running')
    .where('lease_until', '<', sqlNow(fixedNow))
    .limit(limit)
    .execute();
}
