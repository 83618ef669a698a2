/**
 * The scheduler with a fake clock: two instances on one database deliver a slot once; slots missed
 * while down are delivered once at start-up, marked late; an expired claim is retaken; paused
 * schedules wait.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { databaseNow } from '../db/clock.js';
import { scopeFor } from '../db/scope.js';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { withSkewedClock } from '../test/clock.js';
import { claimSlot } from './claim.js';
import { listDeliveries } from './queries.js';
import { deliverySettings, Scheduler } from './scheduler.js';

const outbox = await mkdtemp(join(tmpdir(), 'outbox-'));
const OWNER = randomUUID();

describeApp('scheduler', (t) => {
  let co: TestCompany;
  beforeAll(async () => {
    co = newCompany();
  });
  // The scheduler serves every company of the database: leave no due schedule for later runs.
  const removeSchedules = () =>
    t.db.kysely.deleteFrom('report_schedules').where('company_id', '=', co.id).execute();
  afterAll(removeSchedules);
  const config = {
    ...loadConfig({ SCHEDULE_OUTBOX_DIR: outbox }).schedules,
    leaseMs: 60_000,
    lateAfterMs: 120_000,
  };
  const schedulerAt = (clock: { now: Date }) =>
    new Scheduler(t.db, { config, settings: deliverySettings(config), now: () => clock.now });

  /** An hourly UTC schedule (or another cron and zone) whose next unclaimed slot is `due`. */
  async function hourly(due: string, paused = false, cron = '0 * * * *', timezone = 'UTC'): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/report-schedules',
      headers: await co.auth('executive', { userId: OWNER }),
      payload: {
        name: 'Hourly',
        target: { kind: 'digest', segment: 'enterprise' },
        cron,
        timezone,
        format: 'json',
        recipients: [{ email: 'ops@example.com' }],
        paused,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await t.db.kysely
      .updateTable('report_schedules')
      .set({ next_slot_at: new Date(due) })
      .where('company_id', '=', co.id)
      .where('id', '=', id)
      .execute();
    return id;
  }
  const deliveries = (id: string) => listDeliveries(scopeFor(t.db, co.id), id, 100);
  const nextSlotOf = async (id: string) =>
    (
      await t.db.kysely
        .selectFrom('report_schedules')
        .select('next_slot_at')
        .where('company_id', '=', co.id)
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).next_slot_at;

  it('two instances ticking at once deliver each slot exactly once', async () => {
    const id = await hourly('2026-01-05T10:00:00Z');
    const clock = { now: new Date('2026-01-05T10:00:05Z') };
    const [a, b] = [schedulerAt(clock), schedulerAt(clock)];
    // Tick counts include other companies' due schedules (the scheduler serves every tenant): count rows.
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(await deliveries(id)).toHaveLength(1);
    clock.now = new Date('2026-01-05T11:00:01Z');
    await Promise.all([b.tick(), a.tick()]);
    const rows = await deliveries(id);
    expect(rows.map((d) => [new Date(d.slot_at).toISOString(), d.status, d.late])).toEqual([
      ['2026-01-05T11:00:00.000Z', 'delivered', false],
      ['2026-01-05T10:00:00.000Z', 'delivered', false],
    ]);
    expect(await nextSlotOf(id)).toEqual(new Date('2026-01-05T12:00:00Z'));
  });

  it('after downtime, start-up delivers only the latest missed slot, marked late', async () => {
    const id = await hourly('2026-01-05T10:00:00Z');
    // Down for 2 days and 5 hours: 54 hourly slots passed.
    const clock = { now: new Date('2026-01-07T15:20:00Z') };
    const scheduler = schedulerAt(clock);
    scheduler.start(); // the first tick starts at once; stop() waits for it
    await scheduler.stop();
    await schedulerAt(clock).tick(); // a second process starting at the same time adds nothing
    const rows = await deliveries(id);
    expect(rows.map((d) => [new Date(d.slot_at).toISOString(), d.late, d.trigger])).toEqual([
      ['2026-01-07T15:00:00.000Z', true, 'schedule'],
    ]);
    expect(await nextSlotOf(id)).toEqual(new Date('2026-01-07T16:00:00Z'));
  });

  it('a claim left by a crashed process is retaken after its lease, once', async () => {
    const id = await hourly('2099-01-01T00:00:00Z'); // not due: only the stale claim matters
    const crashedAt = new Date('2026-02-01T09:00:00Z');
    const scope = scopeFor(t.db, co.id);
    const stale = await claimSlot(
      scope,
      { instance: 'crashed', leaseMs: 60_000 },
      { scheduleId: id, slot: crashedAt, trigger: 'schedule', late: false, now: crashedAt },
    );
    expect(stale?.status).toBe('running');
    // Within the lease nobody touches it.
    const clock = { now: new Date('2026-02-01T09:00:30Z') };
    await schedulerAt(clock).tick();
    expect(await deliveries(id)).toMatchObject([{ status: 'running', claims: 1, claimed_by: 'crashed' }]);
    clock.now = new Date('2026-02-01T09:01:01Z');
    await Promise.all([schedulerAt(clock).tick(), schedulerAt(clock).tick()]);
    const rows = await deliveries(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'delivered', claims: 2 });
  });

  it('due and late are judged on the database clock: a process whose clock is skewed agrees with it', async () => {
    const minute = 60_000;
    const dbNow = await databaseNow(t.db.kysely);
    const floor = Math.floor(dbNow.getTime() / minute) * minute;
    // A daily UTC schedule whose only due slot is `slot` (minutes before the database's now).
    const dailyAt = async (slot: Date) => {
      const cron = `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`;
      return await hourly(slot.toISOString(), false, cron);
    };
    const recent = new Date(floor - minute); // 1–2 minutes old by the database: on time
    const missed = new Date(floor - 20 * minute); // 20–21 minutes old: late
    const lateness = { ...config, lateAfterMs: 5 * minute };
    const scheduler = new Scheduler(t.db, { config: lateness, settings: deliverySettings(lateness) });
    // One tick with this process's clock `skew` ms off; returns what the database's clock said.
    // PGlite runs inside this process and reads its clock, so there the database is skewed too;
    // PostgreSQL keeps its own.
    const tickSkewed = (skew: number) =>
      withSkewedClock(dbNow, skew, async () => {
        const seen = await databaseNow(t.db.kysely);
        await scheduler.tick();
        return seen;
      });
    // 30 minutes fast: by this clock the recent slot would be 31 minutes old, late.
    const onTime = await dailyAt(recent);
    const fast = await tickSkewed(30 * minute);
    // 30 minutes slow: by this clock the missed slot would not even be due yet.
    const late = await dailyAt(missed);
    const slow = await tickSkewed(-30 * minute);
    if (t.engine === 'postgres') {
      // The skew is the process's only: the database clock stayed within a minute of real time.
      expect(Math.abs(fast.getTime() - dbNow.getTime())).toBeLessThan(minute);
      expect(Math.abs(slow.getTime() - dbNow.getTime())).toBeLessThan(minute);
    }
    // Expected from the database's clock alone: due when the slot is not after it, late past 5 minutes.
    const expected = (slot: Date, at: Date) =>
      slot <= at ? [[slot.toISOString(), at.getTime() - slot.getTime() > 5 * minute]] : [];
    const flags = async (id: string) =>
      (await deliveries(id)).map((d) => [new Date(d.slot_at).toISOString(), d.late]);
    expect(await flags(onTime)).toEqual(expected(recent, fast));
    expect(await flags(late)).toEqual(expected(missed, slow));
    if (t.engine === 'postgres') {
      // By the process's clock these would be the other way round (late, and not yet due).
      expect(await flags(onTime)).toEqual([[recent.toISOString(), false]]);
      expect(await flags(late)).toEqual([[missed.toISOString(), true]]);
    }
  });

  it('a paused schedule is not delivered', async () => {
    const id = await hourly('2026-03-01T10:00:00Z', true);
    await schedulerAt({ now: new Date('2026-03-01T10:00:10Z') }).tick();
    expect(await deliveries(id)).toEqual([]);
  });

  it('a daily 02:30 Europe/Paris schedule neither skips nor doubles across spring-forward and fall-back', async () => {
    await removeSchedules();
    const slots: string[] = [];
    for (const [from, due] of [
      ['2026-03-27T23:00:00Z', '2026-03-28T01:30:00Z'],
      ['2026-10-23T23:00:00Z', '2026-10-24T00:30:00Z'],
    ] as const) {
      const id = await hourly(due, false, '30 2 * * *', 'Europe/Paris');
      // Tick every 30 minutes of fake time for three days around the change, two instances each time.
      const clock = { now: new Date(from) };
      const [a, b] = [schedulerAt(clock), schedulerAt(clock)];
      for (let i = 0; i < 6 * 24; i++) {
        clock.now = new Date(Date.parse(from) + i * 30 * 60_000);
        await Promise.all([a.tick(), b.tick()]);
      }
      const rows = await deliveries(id);
      expect(rows.every((d) => !d.late && d.status === 'delivered')).toBe(true);
      slots.push(...rows.map((d) => new Date(d.slot_at).toISOString()).reverse());
    }
    expect(slots).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 02:30 does not exist: 03:00 CEST, the first instant after the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 happens twice: the first (CEST) only
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ]);
  }, 120_000);
});
