/**
 * Rollups never drift from the raw events: after random inserts, updates and deletes the
 * maintained tables equal a rebuild from scratch, and rollup-backed counts equal raw counts.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { saveCompanySettings } from '../../company/queries.js';
import type { Db } from '../../db/connect.js';
import { type Scope, scopeFor } from '../../db/scope.js';
import { upsertCustomers, upsertUsers } from '../../directory/queries.js';
import { insertEvents, type NewEvent, updateEvent } from '../../events/queries/write-events.js';
import { describeEngines } from '../../test/engines.js';
import { countByBucket, type Dimension } from '../queries/count-by-bucket.js';
import { rebuildRollups } from './rebuild.js';

const BASE = Date.UTC(2025, 9, 15); // 15 Oct 2025: the range crosses the 26 Oct DST change
const USERS = [randomUUID(), randomUUID(), randomUUID()];
const TEAM = randomUUID();
/** The last customer is not in the directory until the segment changes (its events start 'unknown'). */
const CUSTOMERS = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
type Segment = 'A' | 'B' | 'unknown' | null;
const segmentArb = fc.constantFrom<Segment>('A', 'B', 'unknown', null);
/** Segments before the events (first three customers), and after: undefined = no directory write. */
const segmentsArb = fc.record({
  before: fc.array(segmentArb, { minLength: 3, maxLength: 3 }),
  after: fc.array(fc.option(segmentArb, { nil: undefined }), { minLength: 4, maxLength: 4 }),
});
type Segments = typeof segmentsArb extends fc.Arbitrary<infer T> ? T : never;

const eventArb = fc.record({
  minute: fc.integer({ min: 0, max: 20 * 1440 }),
  type: fc.constantFrom('call', 'email', 'meeting'),
  source: fc.constantFrom('phone_system', 'email'),
  direction: fc.constantFrom('inbound', 'outbound', null),
  user: fc.integer({ min: 0, max: 2 }),
  customer: fc.integer({ min: 0, max: 3 }),
  status: fc.constantFrom('active', 'completed', 'scheduled'),
  dueAt: fc.boolean(),
  duration: fc.option(fc.integer({ min: 0, max: 90 })),
  outcome: fc.boolean(),
  change: fc.constantFrom('none', 'delete', 'complete', 'outcome', 'schedule'),
});

async function snapshot(db: Db, companyId: string) {
  const read = async (table: string, at: string, keys: string, counts: string) =>
    (
      await sql
        .raw(`select ${at}::text as at, ${keys}, ${counts} from ${table}
        where company_id = '${companyId}' order by at, ${keys}`)
        .execute(db.kysely)
    ).rows;
  const coarse = [
    'event_type, event_source, direction, segment',
    'events, duration_minutes, scheduled',
  ] as const;
  const user = [
    'user_id, event_type',
    'events, duration_minutes, completed, with_outcome, scheduled',
  ] as const;
  return {
    daily: await read('analytics_daily', 'day', ...coarse),
    perUser: await read('analytics_user_daily', 'day', ...user),
    hourly: await read('analytics_hourly', 'hour', ...coarse),
    perUserHourly: await read('analytics_user_hourly', 'hour', ...user),
  };
}

type Spec = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

async function seed(
  scope: Scope,
  tz: string,
  specs: Spec[],
  segments: Segments = { before: [null, null, null], after: [] },
) {
  const customers = (list: Array<Segment | undefined>) =>
    list.flatMap((segment, i) =>
      segment === undefined ? [] : [{ id: CUSTOMERS[i] as string, name: `C${i}`, segment }],
    );
  await upsertCustomers(scope, customers(segments.before));
  await saveCompanySettings(scope, { name: 'P', timezone: tz });
  await upsertUsers(
    scope,
    USERS.map((id, i) => ({ id, name: `U${i}`, role: 'rep' as const, team_id: i < 2 ? TEAM : null })),
  );
  const events: NewEvent[] = specs.map((s) => ({
    id: randomUUID(),
    external_id: null,
    customer_id: CUSTOMERS[s.customer] as string,
    contact_id: null,
    user_id: USERS[s.user] as string,
    event_type: s.type,
    event_source: s.source,
    event_title: 'e',
    event_description: null,
    event_timestamp: new Date(BASE + s.minute * 60_000),
    duration_minutes: s.duration,
    event_data: {
      ...(s.outcome ? { outcome: 'connected' } : {}),
      ...(s.dueAt ? { due_at: new Date(BASE + s.minute * 60_000 + 86_400_000).toISOString() } : {}),
    },
    participants: [],
    related_objects: [],
    priority: 'normal',
    status: s.status,
    engagement_score: null,
    sentiment: null,
    direction: s.direction,
  }));
  // Two write batches, so maintenance adds to existing rollup rows too.
  const half = Math.floor(events.length / 2);
  await insertEvents(scope, events.slice(0, half));
  await insertEvents(scope, events.slice(half));
  for (const [i, s] of specs.entries()) {
    const id = events[i]?.id as string;
    if (s.change === 'delete') await updateEvent(scope, id, { is_deleted: true });
    if (s.change === 'complete') await updateEvent(scope, id, { status: 'completed' });
    if (s.change === 'outcome') await updateEvent(scope, id, { event_data: { outcome: 'deal_won' } });
    if (s.change === 'schedule') await updateEvent(scope, id, { status: 'scheduled' });
  }
  // Segment changes after the events (and the fourth customer's first appearance).
  await upsertCustomers(scope, customers(segments.after));
}

describeEngines('analytics rollups', (t) => {
  it('maintained rollups equal a rebuild, and rollup answers equal raw answers (property)', async () => {
    let fromRollup = 0;
    let fromHours = 0; // hour buckets or another zone: only the hour rows can answer
    let fromSegments = 0;
    const zones = ['Europe/Paris', 'Asia/Kolkata', 'UTC', 'America/New_York'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...zones),
        fc.option(fc.constantFrom(...zones)),
        fc.integer({ min: 0, max: 10 * 1440 }),
        fc.integer({ min: 60, max: 12 * 1440 }),
        fc.constantFrom('hour', 'day', 'week', 'month') as fc.Arbitrary<'hour' | 'day' | 'week' | 'month'>,
        fc.constantFrom<Dimension>('none', 'type', 'source', 'direction', 'user', 'team', 'segment'),
        fc.option(
          fc.constantFrom('type', 'source', 'direction', 'user_id', 'team_id', 'segment', 'segment unknown'),
        ),
        segmentsArb,
        async (specs, companyTz, askedTz, startMin, lengthMin, bucket, dimension, filterName, segments) => {
          const tz = askedTz ?? companyTz;
          const scope = scopeFor(t.db, randomUUID());
          await seed(scope, companyTz, specs, segments);
          const maintained = await snapshot(t.db, scope.companyId);
          await rebuildRollups(t.db.kysely, scope.companyId);
          expect(await snapshot(t.db, scope.companyId)).toEqual(maintained);

          const filters: Record<string, string[]> = {};
          if (filterName === 'type') filters.type = ['call', 'email'];
          if (filterName === 'source') filters.source = ['email'];
          if (filterName === 'direction') filters.direction = ['inbound'];
          if (filterName === 'user_id') filters.user_id = [USERS[1] as string];
          if (filterName === 'team_id') filters.team_id = [TEAM];
          if (filterName === 'segment') filters.segment = ['A'];
          if (filterName === 'segment unknown') filters.segment = ['unknown', 'B'];
          const period = {
            from: new Date(BASE + startMin * 60_000),
            to: new Date(BASE + (startMin + lengthMin) * 60_000),
          };
          const q = { filters, bucket, tz };
          // The drawn dimension, and segment every time: segments move after the events, so their
          // rollup path is checked on every run rather than when the draw happens to pick it.
          const dimensions = [...new Set<Dimension>([dimension, 'segment'])];
          for (const [d, metric] of dimensions.flatMap((d) =>
            (['events', 'duration_minutes', 'scheduled'] as const).map((m) => [d, m] as const),
          )) {
            const auto = await countByBucket(scope, q, period, d, metric);
            const raw = await countByBucket(scope, q, period, d, metric, 'raw');
            if (auto.answeredFrom === 'rollup') fromRollup++;
            if (auto.answeredFrom === 'rollup' && (bucket === 'hour' || tz !== companyTz)) fromHours++;
            if (auto.answeredFrom === 'rollup' && (d === 'segment' || filterName === 'segment'))
              fromSegments++;
            expect({ ...auto, answeredFrom: 'x' }).toEqual({ ...raw, answeredFrom: 'x' });
          }
        },
      ),
      { numRuns: 40 },
    );
    // The property really exercised the rollup paths, day rows and hour rows.
    expect(fromRollup).toBeGreaterThan(15);
    expect(fromHours).toBeGreaterThan(5);
    expect(fromSegments).toBeGreaterThan(0);
  }, 240_000);

  it('day rows of the old zone are not used after the company changes zone, until rebuilt', async () => {
    const scope = scopeFor(t.db, randomUUID());
    await seed(scope, 'Europe/Paris', [
      {
        minute: 23 * 60 + 30,
        type: 'call',
        source: 'phone_system',
        direction: 'inbound',
        user: 0,
        customer: 0,
        status: 'active',
        dueAt: false,
        duration: null,
        outcome: false,
        change: 'none',
      },
    ]);
    const period = { from: new Date(BASE), to: new Date(BASE + 3 * 86_400_000) };
    const q = { filters: {}, bucket: 'day' as const, tz: 'UTC' };
    // UTC days are whole UTC hours: answered from the hour rows, not Paris's day rows.
    const before = await countByBucket(scope, q, period, 'type');
    expect(before.answeredFrom).toBe('rollup');
    // 23:30 UTC on 15 Oct is 16 Oct in Paris, but 15 Oct in UTC.
    expect(before.buckets.map((b) => b.total)).toEqual([1, 0, 0]);
    // Kolkata's midnights fall on half hours: neither rollup can answer, raw events do.
    const kolkata = await countByBucket(scope, { ...q, tz: 'Asia/Kolkata' }, period, 'type');
    expect(kolkata.answeredFrom).toBe('raw');
    expect(kolkata.buckets.map((b) => b.total)).toEqual([0, 1, 0, 0]);
    await saveCompanySettings(scope, { timezone: 'UTC' });
    expect((await rebuildRollups(t.db.kysely, scope.companyId)).tz).toBe('UTC');
    const after = await countByBucket(scope, q, period, 'type');
    expect(after.answeredFrom).toBe('rollup');
    expect(after.buckets).toEqual(before.buckets);
  });

  it('a segment change moves the customer events between segments in the rollups', async () => {
    const scope = scopeFor(t.db, randomUUID());
    const spec = (minute: number, customer: number): Spec => ({
      minute,
      type: 'call',
      source: 'phone_system',
      direction: 'inbound',
      user: 0,
      customer,
      status: 'active',
      dueAt: false,
      duration: 5,
      outcome: false,
      change: 'none',
    });
    // C0 in A with two events (one on another day), C3 unknown to the directory with one.
    await seed(scope, 'UTC', [spec(60, 0), spec(1500, 0), spec(90, 3)], {
      before: ['A', null, null],
      after: ['B', undefined, undefined, 'A'],
    });
    const period = { from: new Date(BASE), to: new Date(BASE + 2 * 86_400_000) };
    const q = { filters: {}, bucket: 'day' as const, tz: 'UTC' };
    const bySegment = await countByBucket(scope, q, period, 'segment');
    expect(bySegment.answeredFrom).toBe('rollup');
    // By hand: C0's two events moved A → B, C3's one event moved unknown → A.
    expect(bySegment.by).toEqual({ B: 2, A: 1 });
    expect(bySegment.buckets.map((b) => b.by)).toEqual([{ B: 1, A: 1 }, { B: 1 }]);
    const segmentsStored = await sql<{ segment: string }>`select distinct segment from analytics_hourly
      where company_id = ${scope.companyId}::uuid order by 1`.execute(t.db.kysely);
    expect(segmentsStored.rows.map((r) => r.segment)).toEqual(['A', 'B']);
  });
});
