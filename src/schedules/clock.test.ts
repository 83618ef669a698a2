/**
 * Instants a schedule writes come from the database's clock, so instances whose clocks disagree
 * agree: "send now"'s slot and the delivery's finished_at, and the next slot that resuming or
 * editing a schedule works out. Each action runs with this process's clock two hours fast; on
 * PostgreSQL (a clock of its own) the old code wrote instants two hours ahead and failed here.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseNow } from '../db/clock.js';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { expectDuring, runSkewed, withSkewedClock } from '../test/clock.js';
import { sendNowAndWait } from './testing/send-now.js';

const HOUR = 3_600_000;
const SKEW = 2 * HOUR;
const OWNER = randomUUID();
const outbox = await mkdtemp(join(tmpdir(), 'outbox-clock-'));

describeApp(
  'schedules on the database clock',
  (t) => {
    let co: TestCompany;
    beforeAll(() => {
      co = newCompany();
    });
    afterAll(() => t.db.kysely.deleteFrom('report_schedules').where('company_id', '=', co.id).execute());
    const schedule = async (id: string) =>
      await t.db.kysely
        .selectFrom('report_schedules')
        .selectAll()
        .where('company_id', '=', co.id)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    /** `cron` fires at minute `minute` of every hour: its first slot after `at`, worked out by hand. */
    const nextAtMinute = (at: Date, minute: number) => {
      const hour = Math.floor(at.getTime() / HOUR) * HOUR;
      const same = hour + minute * 60_000;
      return new Date(same > at.getTime() ? same : same + HOUR);
    };

    it('send now: the slot and finished_at are the database’s now(), not a skewed process clock', async () => {
      const headers = await co.auth('executive', { userId: OWNER });
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/report-schedules',
        headers,
        payload: {
          name: 'Skewed',
          target: { kind: 'digest', segment: 'enterprise' },
          cron: '0 8 1 1 *',
          timezone: 'UTC',
          format: 'json',
          recipients: [{ email: 'ops@example.com' }],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const run = await runSkewed(t.db.kysely, SKEW, () =>
        co.auth('executive', { userId: OWNER }).then((h) => sendNowAndWait(t.app, h, id)),
      );
      const delivery = run.value;
      expect(delivery.status).toBe('delivered');
      const row = await t.db.kysely
        .selectFrom('report_deliveries')
        .select(['slot_at', 'finished_at'])
        .where('company_id', '=', co.id)
        .where('id', '=', delivery.id)
        .executeTakeFirstOrThrow();
      // Between the database's readings around the call: PGlite reads the process's clock, so
      // there the readings are skewed too; PostgreSQL's stayed two hours behind this process.
      expectDuring(row.slot_at, run);
      expectDuring(row.finished_at as Date, run);
      expect(new Date(row.slot_at).getTime()).toBeLessThanOrEqual(
        new Date(row.finished_at as Date).getTime(),
      );
    });

    it('resume and edit work out the next slot after the database’s now()', async () => {
      const headers = await co.auth('executive', { userId: OWNER });
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/report-schedules',
        headers,
        payload: {
          name: 'Hourly',
          target: { kind: 'digest', segment: 'enterprise' },
          cron: '0 * * * *',
          timezone: 'UTC',
          format: 'json',
          recipients: [{ email: 'ops@example.com' }],
          paused: true,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const dbNow = await databaseNow(t.db.kysely);
      const seen = await withSkewedClock(dbNow, SKEW, async () => {
        const h = await co.auth('executive', { userId: OWNER });
        const at = [await databaseNow(t.db.kysely)];
        const resumed = await t.app.inject({
          method: 'POST',
          url: `/api/v1/report-schedules/${id}/resume`,
          headers: h,
        });
        expect(resumed.statusCode, resumed.body).toBe(200);
        at.push(await databaseNow(t.db.kysely));
        const resumedNext = (await schedule(id)).next_slot_at;
        const edited = await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/report-schedules/${id}`,
          headers: h,
          payload: { cron: '30 * * * *' },
        });
        expect(edited.statusCode, edited.body).toBe(200);
        at.push(await databaseNow(t.db.kysely));
        return { at, resumedNext, editedNext: (await schedule(id)).next_slot_at };
      });
      // The next slot after the database's now() at the call (read just before and after it; an
      // hour boundary may fall between the readings, so either side's answer is right).
      const oneOf = (a: Date, b: Date) => [...new Set([a.toISOString(), b.toISOString()])];
      const [a0, a1, a2] = seen.at as [Date, Date, Date];
      expect(oneOf(nextAtMinute(a0, 0), nextAtMinute(a1, 0))).toContain(
        new Date(seen.resumedNext as Date).toISOString(),
      );
      expect(oneOf(nextAtMinute(a1, 30), nextAtMinute(a2, 30))).toContain(
        new Date(seen.editedNext as Date).toISOString(),
      );
    });
  },
  { SCHEDULE_OUTBOX_DIR: outbox },
);
