/**
 * A schedule as stored, from a create or patch body: cron (or preset as cron), zone, format,
 * recipients, options and target all checked (400 naming the field, 403 when not allowed).
 */
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { resolveRequestZone } from '../time/request-zone.js';
import type { ScheduleRow } from './db-types.js';
import { FIGURES } from './only-when.js';
import type { NewSchedule } from './queries.js';
import type { Preset, Recipient, ScheduleInput, SchedulePatch, Target } from './schema.js';
import { urlProblem, type WebhookPolicy } from './ssrf.js';
import { checkTarget } from './targets.js';
import { assertCron, nextSlot, presetCron } from './timing.js';

/** Persons schedule; integration tokens (machines) do not. */
export function assertMaySchedule(user: AuthUser): void {
  if (user.role === 'integration') throw forbidden('Integration tokens may not schedule reports.');
}

/** The schedule, when the user may manage it (its owner, or an admin); 404 otherwise. */
export function assertMayManage(user: AuthUser, row: ScheduleRow | undefined): ScheduleRow {
  if (!row || (row.owner_user_id !== user.userId && user.role !== 'admin')) throw notFound('Schedule');
  return row;
}

async function checkRecipients(scope: Scope, list: Recipient[], policy: WebhookPolicy): Promise<void> {
  for (const [i, r] of list.entries()) {
    const path = `body.recipients[${i}]`;
    if (r.email && r.webhook_url)
      throw invalid('A recipient is an email address or a webhook, not both.', [
        { path, message: 'give email or webhook_url' },
      ]);
    if (r.webhook_url) {
      const problem = urlProblem(r.webhook_url, policy);
      if (problem)
        throw invalid(`Webhook URL ${problem}.`, [{ path: `${path}.webhook_url`, message: problem }]);
    }
    if (r.user_id) {
      const user = await scope.db
        .selectFrom('users')
        .select('email')
        .where('company_id', '=', scope.companyId)
        .where('id', '=', r.user_id)
        .executeTakeFirst();
      if (!user)
        throw invalid(`No user ${r.user_id} in the directory.`, [
          { path: `${path}.user_id`, message: 'unknown user' },
        ]);
      if (!r.email && !r.webhook_url && !user.email)
        throw invalid('That user has no email in the directory.', [
          { path: `${path}.email`, message: 'required: the user has no email' },
        ]);
    }
  }
}

function cronOf(cron: string | undefined, preset: Preset | undefined | null): string {
  if (cron !== undefined && preset)
    throw invalid('Give cron or preset, not both.', [{ path: 'body.preset', message: 'not with cron' }]);
  if (preset) return presetCron(preset);
  if (cron === undefined)
    throw invalid('A schedule needs cron or preset.', [
      { path: 'body.cron', message: 'cron or preset is required' },
    ]);
  return assertCron(cron);
}

export type Saved = Omit<NewSchedule, 'owner_user_id' | 'owner_role' | 'owner_team_id' | 'webhook_secret'>;

/** The columns to store for a full definition (a create body, or a row merged with a patch). */
export async function prepareSchedule(
  scope: Scope,
  user: AuthUser,
  input: ScheduleInput,
  policy: WebhookPolicy,
  now: Date,
): Promise<Saved> {
  const cron = cronOf(input.cron, input.preset);
  const zone = await resolveRequestZone(scope, input.timezone, 'body.timezone');
  await checkRecipients(scope, input.recipients, policy);
  const target: Target = input.target;
  const cond = input.only_when ?? null;
  if (cond && target.kind !== 'report' && !FIGURES[target.kind].includes(cond.figure))
    throw invalid(`Unknown figure "${cond.figure}" for a ${target.kind}.`, [
      { path: 'body.only_when.figure', message: `one of ${FIGURES[target.kind].join(', ')}` },
    ]);
  await checkTarget(scope, user, target);
  return {
    name: input.name,
    target: JSON.stringify(target),
    cron,
    preset: input.preset ? JSON.stringify(input.preset) : null,
    timezone: zone,
    format: input.format,
    recipients: JSON.stringify(input.recipients),
    skip_if_empty: input.skip_if_empty ?? false,
    only_when: cond ? JSON.stringify(cond) : null,
    paused: input.paused ?? false,
    next_slot_at: nextSlot(cron, zone, now),
  };
}

/** The stored row as a full definition with the patch applied (cron and preset replace each other). */
export function mergePatch(row: ScheduleRow, patch: SchedulePatch): ScheduleInput {
  const timing =
    patch.cron !== undefined || patch.preset !== undefined
      ? { cron: patch.cron, preset: patch.preset }
      : row.preset
        ? { preset: row.preset as Preset }
        : { cron: row.cron };
  return {
    name: patch.name ?? row.name,
    target: patch.target ?? (row.target as Target),
    format: patch.format ?? (row.format as ScheduleInput['format']),
    recipients: patch.recipients ?? (row.recipients as Recipient[]),
    timezone: patch.timezone ?? row.timezone,
    skip_if_empty: patch.skip_if_empty ?? row.skip_if_empty,
    only_when:
      patch.only_when === undefined ? (row.only_when as ScheduleInput['only_when']) : patch.only_when,
    paused: patch.paused ?? row.paused,
    ...timing,
  };
}
