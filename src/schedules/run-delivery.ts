/**
 * Runs one claimed delivery: for each recipient, the content as they may see it (built once per
 * viewer), the skip_if_empty and only_when checks, the rendering, then the email or webhook; every
 * outcome (and every webhook try) is recorded on the delivery row.
 */
import type { Scope } from '../db/scope.js';
import { type Claimant, recordProgress } from './claim.js';
import type { Content } from './content.js';
import type { DeliveryRow, ScheduleRow } from './db-types.js';
import { type EmailSettings, emailTransportOf, sendEmail } from './email.js';
import { holds } from './only-when.js';
import { finishDelivery, previousDeliveredSlot } from './queries.js';
import { type ResolvedRecipient, resolveRecipients } from './recipients.js';
import { emailAttachments, type Format, renderDeliverable } from './render.js';
import type { OnlyWhen, RecipientOutcome, Target } from './schema.js';
import { buildContent } from './targets.js';
import { deliverWebhook, type WebhookSettings } from './webhook.js';

export interface DeliverySettings {
  email: EmailSettings;
  webhook: WebhookSettings;
}

/** A digest with no earlier delivery covers this much before its slot. */
export const FIRST_WINDOW_MS = 7 * 86_400_000;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function deliverOne(
  s: ScheduleRow,
  d: DeliveryRow,
  r: ResolvedRecipient,
  content: Content,
  settings: DeliverySettings,
  index: number,
  onAttempt: (attempts: RecipientOutcome['attempts']) => Promise<void>,
): Promise<RecipientOutcome> {
  const base = { channel: r.channel, address: r.address, user_id: r.user_id };
  const file = await renderDeliverable(content, s.format as Format);
  if (r.channel === 'webhook') {
    const res = await deliverWebhook(
      {
        url: r.address,
        secret: s.webhook_secret,
        body: file.body,
        contentType: file.contentType,
        headers: {
          'x-schedule-id': s.id,
          'x-delivery-id': d.id,
          'x-slot-at': new Date(d.slot_at).toISOString(),
          'x-late': String(d.late),
        },
      },
      settings.webhook,
      onAttempt,
    );
    return { ...base, status: res.ok ? 'sent' : 'failed', attempts: res.attempts };
  }
  const slot = new Date(d.slot_at).toISOString().slice(0, 16).replace('T', ' ');
  const res = await sendEmail(
    settings.email,
    {
      to: r.address,
      subject: `${s.name} — ${slot} UTC${d.late ? ' (late)' : ''}`,
      html: content.html,
      text: content.text,
      attachments: (await emailAttachments(content, s.format as Format, file)).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.body,
      })),
    },
    `${d.id}-${index}`,
  );
  const status = !res.ok ? 'failed' : res.outboxFile ? 'outboxed' : 'sent';
  return {
    ...base,
    status,
    attempts: res.attempts,
    ...(res.outboxFile ? { outbox_file: res.outboxFile } : {}),
  };
}

function skipReason(s: ScheduleRow, content: Content): string | null {
  if (s.skip_if_empty && content.empty) return 'empty (skip_if_empty)';
  const cond = s.only_when as OnlyWhen | null;
  if (cond && !holds(cond, content.figures))
    return `only_when not met (${cond.figure} ${cond.op} ${cond.value})`;
  return null;
}

function overall(outcomes: RecipientOutcome[]): DeliveryRow['status'] {
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  const sent = outcomes.filter((o) => o.status === 'sent' || o.status === 'outboxed').length;
  if (failed && sent) return 'partial';
  if (failed) return 'failed';
  return sent ? 'delivered' : 'skipped';
}

const keyOf = (r: { channel: string; address: string }) => `${r.channel} ${r.address}`;
/** Whether an outcome means the recipient got the delivery (nothing to send again). */
const received = (o: RecipientOutcome | undefined) => o?.status === 'sent' || o?.status === 'outboxed';

/**
 * Delivers `d` (claimed by `claimant`) and records the outcome. Progress is written to the row as
 * it goes (every recipient queued, then sending with its tries so far, then its outcome), so the
 * history shows it and a claim retaken after a crash skips the recipients that already got it.
 * Returns undefined when another process retook the claim meanwhile (it carries on from the row).
 */
export async function runDelivery(
  scope: Scope,
  s: ScheduleRow,
  d: DeliveryRow,
  settings: DeliverySettings,
  claimant: Claimant,
) {
  const at = new Date(d.slot_at);
  const since = (await previousDeliveredSlot(scope, s.id, at)) ?? new Date(at.getTime() - FIRST_WINDOW_MS);
  const recipients = await resolveRecipients(scope, s);
  const earlier = new Map(((d.recipients as RecipientOutcome[] | null) ?? []).map((o) => [keyOf(o), o]));
  const outcomes: RecipientOutcome[] = recipients.map((r) => {
    const before = earlier.get(keyOf(r));
    if (received(before)) return before as RecipientOutcome;
    return { channel: r.channel, address: r.address, user_id: r.user_id, status: 'queued', attempts: [] };
  });
  const save = () => recordProgress(scope, claimant, d.id, outcomes);
  if (!(await save())) return undefined;
  const byViewer = new Map<string, Promise<Content>>();
  for (const [index, r] of recipients.entries()) {
    if (received(outcomes[index])) continue;
    const base = { channel: r.channel, address: r.address, user_id: r.user_id, attempts: [] };
    if (r.problem) {
      outcomes[index] = { ...base, status: 'skipped', reason: r.problem };
      continue;
    }
    outcomes[index] = { ...base, status: 'sending' };
    if (!(await save())) return undefined;
    const key = `${r.viewer.userId}/${r.viewer.role}/${r.viewer.teamId}`;
    if (!byViewer.has(key))
      byViewer.set(
        key,
        buildContent(scope, r.viewer, {
          target: s.target as Target,
          name: s.name,
          zone: s.timezone,
          at,
          since,
        }),
      );
    const onAttempt = async (attempts: RecipientOutcome['attempts']) => {
      outcomes[index] = { ...base, status: 'sending', attempts: [...attempts] };
      await save();
    };
    try {
      const content = await (byViewer.get(key) as Promise<Content>);
      const skip = skipReason(s, content);
      outcomes[index] = skip
        ? { ...base, status: 'skipped', reason: skip }
        : await deliverOne(s, d, r, content, settings, index, onAttempt);
    } catch (error) {
      outcomes[index] = { ...base, status: 'failed', reason: errorText(error) };
    }
    if (!(await save())) return undefined;
  }
  const status = overall(outcomes);
  const detail = `${emailTransportOf(settings.email)} email; ${outcomes.length} recipient(s)`;
  await finishDelivery(scope, d.id, { status, recipients: outcomes, detail, window_from: since });
  return { status, outcomes };
}
