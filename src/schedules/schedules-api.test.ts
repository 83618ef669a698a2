/** The schedules API: create/list/patch/delete, who may schedule what, validation, pause/resume, send now to the outbox, options. */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { C1, EMAIL, EXPECTED, seedDigestCompany, U } from './testing/fixture.js';
import { headerOf, leafParts } from './testing/mime.js';
import { sendNowAndWait } from './testing/send-now.js';

const outbox = await mkdtemp(join(tmpdir(), 'outbox-'));

describeApp(
  'report schedules API',
  (t) => {
    let co: TestCompany;
    beforeAll(async () => {
      co = newCompany();
      await seedDigestCompany(t.app, co);
    });
    const call = async (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      payload?: object,
      headers?: Record<string, string>,
    ) =>
      t.app.inject({
        method,
        url: `/api/v1/report-schedules${url}`,
        payload,
        headers: headers ?? (await co.auth('executive', { userId: owner })),
      });
    const owner = U.leadA; // an executive token for a directory-less user id would also do
    const digest = (over: object = {}) => ({
      name: 'Acme daily',
      target: { kind: 'digest', customer_id: C1 },
      preset: { every: 'day', at: '07:30' },
      timezone: 'Europe/Paris',
      format: 'json',
      recipients: [{ email: 'boss@example.com' }],
      ...over,
    });

    it('creates with the secret once, lists and reads without it; next run in the zone', async () => {
      const res = await call('POST', '', digest());
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.webhook_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(body.cron).toBe('30 7 * * *');
      expect(body.email_transport).toBe('outbox');
      // 07:30 Paris is 05:30Z or 06:30Z; the next one is within a day.
      const next = Date.parse(body.next_run_at);
      expect(next - Date.now()).toBeGreaterThan(0);
      expect(next - Date.now()).toBeLessThanOrEqual(86_400_000);
      expect(new Date(next).toLocaleTimeString('en-GB', { timeZone: 'Europe/Paris' })).toBe('07:30:00');
      const one = (await call('GET', `/${body.id}`)).json();
      expect(one.webhook_secret).toBeUndefined();
      expect(one.target).toEqual({ kind: 'digest', customer_id: C1 });
      const list = (await call('GET', '')).json();
      expect(list.items.map((s: { id: string }) => s.id)).toContain(body.id);
      expect(list.email_transport).toBe('outbox');
      // Another person does not see it (404, as a missing one); an admin does.
      expect((await call('GET', `/${body.id}`, undefined, await co.auth('executive'))).statusCode).toBe(404);
      expect((await call('GET', `/${body.id}`, undefined, await co.auth('admin'))).statusCode).toBe(200);
    });

    it('answers 400 naming the problem', async () => {
      const cases: Array<[object, RegExp]> = [
        [{ cron: '0 9 * * *' }, /body\.preset/],
        [{ preset: undefined }, /body\.cron/],
        [{ preset: undefined, cron: '0 25 * * *' }, /body\.cron/],
        [{ timezone: 'Mars/Olympus' }, /body\.timezone/],
        [{ recipients: [{ webhook_url: 'https://127.0.0.1/hook' }] }, /recipients\[0\]\.webhook_url/],
        [{ recipients: [{ webhook_url: 'https://10.2.3.4/hook' }] }, /recipients\[0\]\.webhook_url/],
        [{ recipients: [{ webhook_url: 'http://hooks.example.com/x' }] }, /must be https/],
        [
          { recipients: [{ email: 'a@example.com', webhook_url: 'https://hooks.example.com/' }] },
          /recipients\[0\]/,
        ],
        [{ recipients: [{ email: 'not-an-email' }] }, /recipients/],
        [{ target: { kind: 'digest', customer_id: C1, segment: 'enterprise' } }, /exactly one/],
        [{ target: { kind: 'digest', customer_id: U.repA } }, /target\.customer_id/],
        [{ only_when: { figure: 'revenue', op: '>', value: 1 } }, /only_when\.figure/],
        [{ preset: { every: 'week', at: '09:00' } }, /preset\.weekday/],
      ];
      for (const [over, expected] of cases) {
        const res = await call('POST', '', digest(over));
        expect(res.statusCode, JSON.stringify(over)).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body, JSON.stringify(over)).toMatch(expected);
      }
    });

    it('who may schedule what', async () => {
      const dash = (dashboard: string, extra: object = {}) =>
        digest({ target: { kind: 'dashboard', dashboard, period: 'last_7_days', ...extra } });
      const rep = await co.auth('rep', { userId: U.repA });
      expect((await call('POST', '', digest(), await co.auth('integration'))).statusCode).toBe(403);
      expect((await call('POST', '', dash('executive'), rep)).statusCode).toBe(403);
      expect((await call('POST', '', dash('individual', { user_id: U.repB }), rep)).statusCode).toBe(403);
      expect((await call('POST', '', dash('individual', { user_id: U.repA }), rep)).statusCode).toBe(201);
      expect((await call('POST', '', digest(), rep)).statusCode).toBe(201);
      const lead = await co.auth('team_lead', { userId: U.leadA });
      expect((await call('POST', '', dash('individual', { user_id: U.repA }), lead)).statusCode).toBe(201);
      expect((await call('POST', '', dash('individual', { user_id: U.repB }), lead)).statusCode).toBe(403);
      expect((await call('POST', '', dash('executive'), lead)).statusCode).toBe(201);
    });

    it('pause, resume, patch, rotate the secret, delete', async () => {
      const { id, webhook_secret } = (await call('POST', '', digest())).json();
      const paused = (await call('POST', `/${id}/pause`)).json();
      expect(paused.paused).toBe(true);
      expect(paused.next_run_at).toBeNull();
      const resumed = (await call('POST', `/${id}/resume`)).json();
      expect(resumed.paused).toBe(false);
      expect(Date.parse(resumed.next_run_at)).toBeGreaterThan(Date.now());
      const patched = await call('PATCH', `/${id}`, { cron: '15 6 * * 1', timezone: 'UTC' });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({
        cron: '15 6 * * 1',
        preset: null,
        timezone: 'UTC',
        name: 'Acme daily',
      });
      expect(new Date(patched.json().next_run_at).getUTCDay()).toBe(1);
      expect((await call('PATCH', `/${id}`, { timezone: 'Nowhere/Else' })).statusCode).toBe(400);
      const rotated = (await call('POST', `/${id}/rotate-secret`)).json();
      expect(rotated.webhook_secret).not.toBe(webhook_secret);
      expect((await call('DELETE', `/${id}`)).statusCode).toBe(204);
      expect((await call('GET', `/${id}`)).statusCode).toBe(404);
    });

    it('send now writes the email to the outbox (no SMTP) with the digest attached; history shows it', async () => {
      const { id } = (
        await call('POST', '', digest({ recipients: [{ email: 'boss@example.com' }, { user_id: U.repB }] }))
      ).json();
      const d = await sendNowAndWait(t.app, await co.auth('executive', { userId: owner }), id);
      expect(d).toMatchObject({
        status: 'delivered',
        trigger: 'manual',
        late: false,
        email_transport: 'outbox',
      });
      expect(d.recipients.map((r: { address: string; status: string }) => [r.address, r.status])).toEqual([
        ['boss@example.com', 'outboxed'],
        [EMAIL.repB, 'outboxed'],
      ]);
      const raw = readFileSync(join(outbox, d.recipients[0].outbox_file), 'utf8');
      expect(headerOf(raw, 'subject')).toMatch(/^Acme daily — \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
      expect(headerOf(raw, 'to')).toBe('boss@example.com');
      const parts = leafParts(raw);
      const html = parts.find((p) => p.headers['content-type']?.startsWith('text/html'))?.body ?? '';
      expect(html).toContain('Notable (2)');
      expect(html).toContain('Unanswered inbound (1)');
      const attached = parts.find((p) =>
        /filename="?acme-daily\.json/.test(p.headers['content-disposition'] ?? ''),
      );
      const json = JSON.parse(attached?.body ?? 'null');
      expect(json.counts).toEqual({ events: EXPECTED.all.events, by_channel: EXPECTED.all.by_channel });
      expect(json.totals).toEqual({ notable: 2, unanswered: 1, upcoming: 1 });
      expect(json.unanswered.map((e: { title: string }) => e.title)).toEqual(['Call me back']);
      const history = (await call('GET', `/${id}/deliveries`)).json();
      expect(history.items.map((h: { id: string }) => h.id)).toEqual([d.id]);
      const list = (await call('GET', '')).json();
      expect(list.items.find((s: { id: string }) => s.id === id).last_delivery).toMatchObject({
        id: d.id,
        status: 'delivered',
      });
    });

    it('skip_if_empty and only_when decide per recipient', async () => {
      const send = async (over: object) => {
        const { id } = (await call('POST', '', digest(over))).json();
        return sendNowAndWait(t.app, await co.auth('executive', { userId: owner }), id);
      };
      const empty = await send({ target: { kind: 'digest', segment: 'nobody-here' }, skip_if_empty: true });
      expect(empty.status).toBe('skipped');
      expect(empty.recipients[0]).toMatchObject({ status: 'skipped', reason: 'empty (skip_if_empty)' });
      const notEmpty = await send({ skip_if_empty: true });
      expect(notEmpty.status).toBe('delivered');
      const below = await send({ only_when: { figure: 'events', op: '>', value: 3 } });
      expect(below.recipients[0]).toMatchObject({
        status: 'skipped',
        reason: 'only_when not met (events > 3)',
      });
      const met = await send({ only_when: { figure: 'unanswered', op: '>=', value: 1 } });
      expect(met.status).toBe('delivered');
    });
  },
  { SCHEDULE_OUTBOX_DIR: outbox },
);
