/**
 * Send now answers 202 at once and delivers in the background, the history showing each
 * recipient's progress; a delivery retaken after its process died does not send again to the
 * recipients that already got it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { scopeFor } from '../db/scope.js';
import { claimSlot, recordProgress } from './claim.js';
import { listDeliveries } from './queries.js';
import { deliverySettings, Scheduler } from './scheduler.js';
import { waitForDelivery } from './testing/send-now.js';
import { createSchedule, describeSchedules } from './testing/suite.js';

const received: string[] = [];
const held: ServerResponse[] = [];
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received.push(req.url ?? '');
    if (req.url?.includes('/hold'))
      held.push(res); // answered when the test releases it
    else res.writeHead(req.url?.includes('/fail') ? 500 : 200).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
afterAll(async () => {
  for (const res of held) res.writeHead(200).end();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const ENV = { WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '1' };

describeSchedules(
  'send now in the background; retaken deliveries',
  (t) => {
    const create = (paths: string[]) =>
      createSchedule(t, {
        name: 'Background',
        target: { kind: 'digest', segment: 'enterprise' },
        cron: '0 8 1 1 *',
        timezone: 'UTC',
        format: 'json',
        recipients: paths.map((p) => ({ webhook_url: `${hookBase}${p}` })),
      });
    const history = async (id: string) =>
      (await t.app.inject({ url: `/api/v1/report-schedules/${id}/deliveries`, headers: t.headers })).json()
        .items;

    it('answers 202 before the receiver has answered; the history shows queued, sending, then the outcome', async () => {
      const tag = randomUUID();
      const id = await create([`/${tag}/hold`, `/${tag}/fail`]);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/report-schedules/${id}/send-now`,
        headers: t.headers,
      });
      expect(res.statusCode, res.body).toBe(202);
      const delivery = res.json().id as string;
      expect(res.json()).toMatchObject({ status: 'running', trigger: 'manual', finished_at: null });
      // The first receiver holds its answer: the delivery is under way, the second recipient waits.
      for (let i = 0; i < 400 && !received.includes(`/${tag}/hold`); i++)
        await new Promise((r) => setTimeout(r, 25));
      const during = (await history(id))[0];
      expect([during.status, during.recipients.map((r: { status: string }) => r.status)]).toEqual([
        'running',
        ['sending', 'queued'],
      ]);
      (held.shift() as ServerResponse).writeHead(200).end();
      const done = await waitForDelivery(t.app, t.headers, id, delivery);
      expect(done.status).toBe('partial');
      expect(
        done.recipients.map((r: { status: string; attempts: unknown[] }) => [r.status, r.attempts.length]),
      ).toEqual([
        ['sent', 1],
        ['failed', 5],
      ]);
      expect(received.filter((p) => p === `/${tag}/fail`)).toHaveLength(5);
    });

    it('a retaken delivery skips the recipients that already got it', async () => {
      const tag = randomUUID();
      const id = await create([`/${tag}/a`, `/${tag}/b`]);
      await t.db.kysely
        .updateTable('report_schedules')
        .set({ next_slot_at: new Date('2099-01-01T08:00:00Z') }) // only the stale claim is due
        .where('company_id', '=', t.co.id)
        .where('id', '=', id)
        .execute();
      const scope = scopeFor(t.db, t.co.id);
      const crashedAt = new Date('2026-02-01T09:00:00Z');
      const crashed = { instance: 'crashed', leaseMs: 60_000 };
      const claim = await claimSlot(scope, crashed, {
        scheduleId: id,
        slot: crashedAt,
        trigger: 'schedule',
        late: false,
        now: crashedAt,
      });
      // The process sent to A, started on B, then died.
      const sentToA = { at: crashedAt.toISOString(), ok: true, status_code: 200 };
      const progress = [
        {
          channel: 'webhook',
          address: `${hookBase}/${tag}/a`,
          user_id: null,
          status: 'sent',
          attempts: [sentToA],
        },
        {
          channel: 'webhook',
          address: `${hookBase}/${tag}/b`,
          user_id: null,
          status: 'sending',
          attempts: [],
        },
      ];
      expect(await recordProgress(scope, crashed, claim?.id as string, progress)).toBe(true);
      await t.db.kysely
        .updateTable('report_deliveries')
        .set({ lease_until: new Date('2026-02-01T09:01:00Z') })
        .where('company_id', '=', t.co.id)
        .where('id', '=', claim?.id as string)
        .execute();
      const config = { ...loadConfig(ENV).schedules, leaseMs: 60_000 };
      const clock = new Date('2026-02-01T09:02:00Z');
      const scheduler = new Scheduler(t.db, { config, settings: deliverySettings(config), now: () => clock });
      await scheduler.tick();
      const [row] = await listDeliveries(scope, id, 10);
      expect(row).toMatchObject({ status: 'delivered', claims: 2 });
      const recipients = row?.recipients as Array<{ status: string; attempts: unknown[] }>;
      expect(recipients.map((r) => r.status)).toEqual(['sent', 'sent']);
      expect(recipients[0]?.attempts).toEqual([sentToA]); // A's outcome is the crashed process's
      expect(received.filter((p) => p.startsWith(`/${tag}/`))).toEqual([`/${tag}/b`]);
      // The crashed process, were it still alive, may no longer write to the delivery.
      expect(await recordProgress(scope, crashed, claim?.id as string, progress)).toBe(false);
    });
  },
  { env: ENV },
);
