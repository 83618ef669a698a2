/**
 * Deterministic demo activity: ~12 months up to `until`, weekday and business-hour seasonality,
 * busy and quiet customers, inbound messages answered (or not) by outbound replies in the same
 * thread, outcomes in event_data. Same seed and end day → same events.
 */
import type { NewEvent } from '../events/queries/write-events.js';
import { offsetAt } from '../time/offsets.js';
import type { DemoDirectory } from './directory.js';
import { Random } from './random.js';

type Channel = { type: NewEvent['event_type']; source: NewEvent['event_source'] };
const CHANNELS: Channel[] = [
  { type: 'email', source: 'email' },
  { type: 'call', source: 'phone_system' },
  { type: 'meeting', source: 'calendar' },
  { type: 'task', source: 'task_manager' },
  { type: 'note', source: 'manual' },
  { type: 'sms', source: 'phone_system' },
  { type: 'chat', source: 'chat' },
  { type: 'social', source: 'social' },
  { type: 'web_visit', source: 'web' },
  { type: 'form_submission', source: 'web' },
];
const CHANNEL_WEIGHTS = [34, 20, 7, 9, 6, 4, 9, 3, 6, 2];
const INBOUND_SHARE: Record<string, number> = {
  email: 0.45,
  call: 0.35,
  sms: 0.5,
  chat: 0.7,
  social: 0.8,
  web_visit: 1,
  form_submission: 1,
};
const TITLES: Record<string, string[]> = {
  email: [
    'Follow-up on proposal',
    'Pricing question',
    'Contract renewal',
    'Onboarding checklist',
    'Invoice query',
    'Product update',
  ],
  call: ['Discovery call', 'Check-in call', 'Support call', 'Renewal discussion', 'Escalation call'],
  meeting: ['Quarterly business review', 'Product demo', 'Kick-off meeting', 'Executive briefing'],
  task: ['Send quote', 'Prepare QBR deck', 'Update opportunity', 'Schedule training'],
  note: ['Account note', 'Call summary', 'Risk flagged'],
  sms: ['Appointment reminder', 'Quick question'],
  chat: ['Live chat: billing', 'Live chat: login issue', 'Live chat: feature request'],
  social: ['LinkedIn message', 'Mentioned us on social'],
  web_visit: ['Visited pricing page', 'Read case study', 'Visited docs'],
  form_submission: ['Requested a demo', 'Downloaded whitepaper', 'Contact form'],
};
const OUTCOMES: Record<string, Array<[string, number]>> = {
  call: [
    ['connected', 55],
    ['no_answer', 25],
    ['voicemail', 15],
    ['meeting_booked', 5],
  ],
  email: [
    ['replied', 30],
    ['other', 65],
    ['bounced', 5],
  ],
  meeting: [
    ['meeting_booked', 20],
    ['deal_won', 12],
    ['deal_lost', 6],
    ['completed', 62],
  ],
  chat: [
    ['resolved', 70],
    ['escalated', 10],
    ['other', 20],
  ],
};

/** UTC instant of a local wall-clock time in `tz` (two passes settle DST offsets). */
export function zonedInstant(y: number, m: number, d: number, h: number, min: number, tz: string): Date {
  const guess = Date.UTC(y, m, d, h, min);
  let t = guess;
  for (let i = 0; i < 2; i++) t = guess - offsetAt(tz, t);
  return new Date(t);
}

export interface GenerateOptions {
  until: Date;
  days: number;
  /** Approximate number of events wanted. */
  target: number;
  tz: string;
  seed?: number;
}

export function generateDemoEvents(dir: DemoDirectory, opts: GenerateOptions): NewEvent[] {
  const rnd = new Random(opts.seed ?? 11);
  const events: NewEvent[] = [];
  const customers = dir.customers;
  const weights = customers.map((c) => c.weight);
  const usersById = new Map(dir.users.map((u) => [u.id, u]));
  const teammates = new Map<string, string[]>();
  for (const u of dir.users)
    if (u.team_id) teammates.set(u.team_id, [...(teammates.get(u.team_id) ?? []), u.id]);

  const end = opts.until.getTime();
  const dayWeights: number[] = [];
  for (let d = 0; d < opts.days; d++) {
    const day = new Date(end - (opts.days - d) * 86_400_000);
    const weekday = day.getUTCDay();
    const weekly = weekday === 0 || weekday === 6 ? 0.15 : weekday === 1 ? 1.15 : 1;
    const yearly = 1 + 0.25 * Math.sin((2 * Math.PI * (day.getUTCMonth() + 1)) / 12);
    const growth = 0.8 + (0.4 * d) / opts.days; // the business grows over the year
    dayWeights.push(weekly * yearly * growth);
  }
  const weightSum = dayWeights.reduce((a, b) => a + b, 0);
  // Each interaction yields ~1.35 events on average (replies, follow-ups).
  const interactions = Math.round(opts.target / 1.35);

  for (let d = 0; d < opts.days; d++) {
    const count = Math.round((interactions * (dayWeights[d] ?? 0)) / weightSum);
    const day = new Date(end - (opts.days - d) * 86_400_000);
    for (let i = 0; i < count; i++) {
      const customer = rnd.weighted(customers, weights);
      const owner = usersById.get(customer.owner_user_id)!;
      const team = owner.team_id ? (teammates.get(owner.team_id) ?? [owner.id]) : [owner.id];
      const userId = rnd.chance(0.8) ? owner.id : rnd.pick(team);
      const channel = rnd.weighted(CHANNELS, CHANNEL_WEIGHTS);
      const inbound = rnd.chance(INBOUND_SHARE[channel.type] ?? 0);
      const hour = Math.min(22, Math.max(6, Math.round(rnd.logNormal(12.5, 0.22))));
      const at = zonedInstant(
        day.getUTCFullYear(),
        day.getUTCMonth(),
        day.getUTCDate(),
        hour,
        rnd.int(0, 59),
        opts.tz,
      );
      if (at.getTime() > end) continue;
      const threadId = `t-${rnd.uuid().slice(0, 13)}`;
      const base = makeEvent(
        rnd,
        channel,
        inbound ? 'inbound' : channel.type === 'note' || channel.type === 'task' ? 'internal' : 'outbound',
        customer.id,
        userId,
        at,
        threadId,
      );
      events.push(base);
      // Inbound messages usually get a reply on the same channel; some are never answered.
      if (inbound && channel.type !== 'web_visit' && rnd.chance(0.82)) {
        const delayMin = Math.max(2, rnd.logNormal(customer.segment === 'Enterprise' ? 45 : 120, 1.1));
        const replyAt = new Date(at.getTime() + delayMin * 60_000);
        if (replyAt.getTime() <= end) {
          const replyChannel = channel.type === 'form_submission' ? CHANNELS[1]! : channel;
          events.push(makeEvent(rnd, replyChannel, 'outbound', customer.id, userId, replyAt, threadId));
        }
      }
      // Busy customers get follow-up tasks, scheduled in the future for the recent past.
      if (rnd.chance(0.08)) {
        const dueAt = new Date(at.getTime() + rnd.int(1, 10) * 86_400_000);
        const task = makeEvent(rnd, CHANNELS[3]!, 'internal', customer.id, userId, at, threadId);
        task.event_title = 'Follow up';
        task.status = dueAt.getTime() < end ? (rnd.chance(0.85) ? 'completed' : 'missed') : 'scheduled';
        task.event_data = { ...task.event_data, due_at: dueAt.toISOString() };
        events.push(task);
      }
    }
  }
  events.sort((a, b) => (a.event_timestamp as Date).getTime() - (b.event_timestamp as Date).getTime());
  events.forEach((e, i) => {
    e.external_id = `demo-${i}`;
  });
  return events;
}

function makeEvent(
  rnd: Random,
  channel: Channel,
  direction: 'inbound' | 'outbound' | 'internal',
  customerId: string,
  userId: string,
  at: Date,
  threadId: string,
): NewEvent {
  const outcomes = OUTCOMES[channel.type];
  const outcome = outcomes
    ? rnd.weighted(
        outcomes.map((o) => o[0]),
        outcomes.map((o) => o[1]),
      )
    : undefined;
  const sentiment = rnd.weighted(['positive', 'neutral', 'negative', 'mixed', null], [30, 45, 10, 5, 10]);
  const title = rnd.pick(TITLES[channel.type] ?? ['Activity']);
  const timed = channel.type === 'call' || channel.type === 'meeting';
  return {
    id: rnd.uuid(),
    external_id: null,
    customer_id: customerId,
    contact_id: null,
    user_id: userId,
    event_type: channel.type,
    event_source: channel.source,
    event_title: title,
    event_description: `${title} (${direction}).`,
    event_timestamp: at,
    duration_minutes: timed ? Math.round(rnd.logNormal(channel.type === 'call' ? 8 : 40, 0.5)) : null,
    event_data: { thread_id: threadId, ...(outcome ? { outcome } : {}) },
    participants: [],
    related_objects: [],
    priority: rnd.weighted(['low', 'normal', 'high', 'urgent'], [15, 65, 15, 5]),
    status: 'completed',
    engagement_score: rnd.chance(0.4) ? Math.round(rnd.next() * 10000) / 100 : null,
    sentiment,
    direction,
  };
}
