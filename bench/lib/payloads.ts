/**
 * Ingest payloads like a communication module sends them: an external id (so the idempotency path
 * runs), a thread and an outcome in event_data, one or two participants. Serialized up front so
 * the clients spend their time waiting on the server, not building JSON.
 */
import { randomUUID } from 'node:crypto';
import type { Dataset } from './dataset.js';

const TYPES = [
  ['email', 'email'],
  ['call', 'phone_system'],
  ['meeting', 'calendar'],
  ['chat', 'chat'],
  ['task', 'task_manager'],
] as const;

let counter = 0;

/**
 * How far back event times go: 'backfill' spreads them over the last 30 days (an import, or a
 * module catching up: nearly every event opens its own hourly rollup row), 'live' over the last 10
 * minutes (what a communication module sends as things happen).
 */
export type TimeSpread = 'backfill' | 'live';
const SPREAD_MS: Record<TimeSpread, number> = { backfill: 30 * 86_400_000, live: 10 * 60_000 };

/** One event as the API takes it (EventInput). */
export function benchEvent(ds: Dataset, i: number, spread: TimeSpread = 'backfill'): Record<string, unknown> {
  const [type, source] = TYPES[i % TYPES.length] as (typeof TYPES)[number];
  const n = ++counter;
  return {
    external_id: `ingest-${process.pid}-${n}-${randomUUID().slice(0, 8)}`,
    customer_id: ds.customerIds[Math.floor(ds.customerIds.length * Math.random() ** 3)],
    user_id: ds.userIds[n % ds.userIds.length],
    event_type: type,
    event_source: source,
    direction: n % 2 ? 'inbound' : 'outbound',
    event_title: `Bench ${type} ${n}`,
    event_description: n % 3 === 0 ? 'Customer asked about renewal terms and pricing tiers.' : undefined,
    event_timestamp: new Date(Date.now() - Math.random() * SPREAD_MS[spread]).toISOString(),
    duration_minutes: type === 'call' || type === 'meeting' ? n % 45 : undefined,
    event_data: { thread_id: `th-${n >> 2}`, outcome: n % 4 ? 'connected' : 'no_answer', subject: 'Renewal' },
    participants: [
      { email: `contact${n % 997}@customer.test`, role: 'to', kind: 'contact' },
      ...(n % 2 ? [{ id: ds.userIds[0], role: 'from', kind: 'user' as const }] : []),
    ],
    priority: n % 10 ? 'normal' : 'high',
    status: 'completed',
    engagement_score: (n % 10000) / 100,
  };
}

/** `count` batches of `size` events, each already a JSON body. */
export function buildBatches(
  ds: Dataset,
  count: number,
  size: number,
  spread: TimeSpread = 'backfill',
): string[] {
  return Array.from({ length: count }, (_, b) =>
    JSON.stringify(Array.from({ length: size }, (_, i) => benchEvent(ds, b * size + i, spread))),
  );
}
