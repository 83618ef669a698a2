/** Schedule and delivery rows as API JSON. */
import type { DeliveryRow, ScheduleRow } from './db-types.js';
import type { Delivery, Preset, Recipient, RecipientOutcome, Schedule, Target } from './schema.js';

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();
type Transport = Schedule['email_transport'];

export function presentSchedule(
  row: ScheduleRow,
  last: DeliveryRow | undefined,
  transport: Transport,
): Schedule {
  return {
    id: row.id,
    name: row.name,
    target: row.target as Target,
    cron: row.cron,
    preset: (row.preset as Preset | null) ?? null,
    timezone: row.timezone,
    format: row.format as Schedule['format'],
    recipients: row.recipients as Recipient[],
    skip_if_empty: row.skip_if_empty,
    only_when: (row.only_when as Schedule['only_when']) ?? null,
    paused: row.paused,
    owner_user_id: row.owner_user_id,
    next_run_at: row.paused || !row.next_slot_at ? null : iso(row.next_slot_at),
    last_delivery: last
      ? { id: last.id, slot_at: iso(last.slot_at), status: last.status, late: last.late }
      : null,
    email_transport: transport,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function presentDelivery(row: DeliveryRow, transport: Transport): Delivery {
  return {
    id: row.id,
    schedule_id: row.schedule_id,
    slot_at: iso(row.slot_at),
    trigger: row.trigger,
    late: row.late,
    status: row.status,
    detail: row.detail,
    window_from: row.window_from ? iso(row.window_from) : null,
    claims: row.claims,
    email_transport: transport,
    recipients: row.recipients as RecipientOutcome[],
    created_at: iso(row.created_at),
    finished_at: row.finished_at ? iso(row.finished_at) : null,
  };
}
