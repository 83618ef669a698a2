/**
 * Claiming a slot: inserting its delivery row. The unique (company_id, schedule_id, slot_at) lets
 * exactly one process win however many tick at once (the others' inserts do nothing); the winner
 * holds a lease, and a running delivery whose lease expired (its process died mid-way) is retaken
 * by one process through a guarded UPDATE (PostgreSQL re-checks the WHERE after the row lock).
 */
import { randomUUID } from 'node:crypto';
import { sqlNow, sqlNowPlus } from '../db/clock.js';
import type { Scope } from '../db/scope.js';
import type { DeliveryRow, ScheduleRow } from './db-types.js';
import { nextSlot } from './timing.js';

export interface Claimant {
  /** This process, for the row's claimed_by (diagnostics). */
  instance: string;
  leaseMs: number;
}

/**
 * The new delivery row when this process won the slot, else undefined. With no `slot` (send now),
 * the slot is the database's now(); the lease runs from it too, unless `now` fixes the clock.
 */
export async function claimSlot(
  scope: Scope,
  c: Claimant,
  s: { scheduleId: string; slot?: Date; trigger: 'schedule' | 'manual'; late: boolean; now?: Date },
): Promise<DeliveryRow | undefined> {
  return await scope.db
    .insertInto('report_deliveries')
    .values({
      company_id: scope.companyId,
      id: randomUUID(),
      schedule_id: s.scheduleId,
      slot_at: s.slot ?? sqlNow(s.now),
      trigger: s.trigger,
      late: s.late,
      status: 'running',
      claimed_by: c.instance,
      lease_until: sqlNowPlus(c.leaseMs, s.now),
      recipients: '[]',
    })
    .onConflict((oc) => oc.columns(['company_id', 'schedule_id', 'slot_at']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Takes over a running delivery whose lease expired; undefined when another process did first. */
export async function retakeClaim(
  scope: Scope,
  c: Claimant,
  id: string,
  fixedNow?: Date,
): Promise<DeliveryRow | undefined> {
  return await scope.db
    .updateTable('report_deliveries')
    .set((eb) => ({
      claimed_by: c.instance,
      lease_until: sqlNowPlus(c.leaseMs, fixedNow),
      claims: eb('claims', '+', 1),
    }))
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('lease_until', '<', sqlNow(fixedNow))
    .returningAll()
    .executeTakeFirst();
}

/**
 * Moves the schedule past `slot`. Guarded by the value read (compare-and-set), so two processes
 * advancing at once agree and a concurrent edit of the schedule (which recomputes it) wins.
 */
export async function advanceSchedule(scope: Scope, row: ScheduleRow, slot: Date): Promise<void> {
  const next = nextSlot(row.cron, row.timezone, slot);
  if (row.next_slot_at === null) return;
  await scope.db
    .updateTable('report_schedules')
    .set({ next_slot_at: next })
    .where('company_id', '=', scope.companyId)
    .where('id', '=', row.id)
    .where('next_slot_at', '=', row.next_slot_at)
    .execute();
}

/**
 * Writes a running delivery's per-recipient progress and renews its lease, only while this process
 * still holds the claim; false when another process retook it (the caller then stops sending).
 * What a recipient got is on the row before the next one is tried, so a retake after a crash
 * skips those already sent.
 */
export async function recordProgress(
  scope: Scope,
  c: Claimant,
  id: string,
  recipients: readonly object[],
): Promise<boolean> {
  const row = await scope.db
    .updateTable('report_deliveries')
    .set({
      recipients: JSON.stringify(recipients),
      // On the database's clock, like the expiry check that reads it (listExpiredClaims).
      lease_until: sqlNowPlus(c.leaseMs),
    })
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_by', '=', c.instance)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
