/**
 * Delivery end to end through the API: a real SMTP server (smtp-server on a loopback port) and a
 * local webhook receiver; each recipient's content is what they may see (team visibility).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { valueLabel } from '../events/value-labels.js';
import { pdfText } from '../exports/testing.js';
import { quantityText } from '../exports/unit-text.js';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { C1, EMAIL, EXPECTED, seedDigestCompany, setTeamVisibility, U } from './testing/fixture.js';
import { headerOf, leafParts, type MimePart } from './testing/mime.js';
import { sendNowAndWait } from './testing/send-now.js';

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
const OWNER = randomUUID();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      mails.push({
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
const smtpPort = (smtp.server.address() as AddressInfo).port;

const hooks: Array<{ path: string; body: string; headers: IncomingMessage['headers'] }> = [];
let failNext = 0;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    hooks.push({ path: req.url ?? '', body, headers: req.headers });
    res.writeHead(failNext-- > 0 ? 500 : 200).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise<void>((r) => receiver.close(() => r()));
});

describeApp(
  'scheduled delivery by SMTP and webhook',
  (t) => {
    let co: TestCompany;
    beforeAll(async () => {
      co = newCompany();
      await seedDigestCompany(t.app, co);
      await setTeamVisibility(t.app, co);
    });
    const create = async (payload: object) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/report-schedules',
        headers: await co.auth('executive', { userId: OWNER }),
        payload,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const sendNow = async (id: string) =>
      sendNowAndWait(t.app, await co.auth('executive', { userId: OWNER }), id);

    it('each recipient gets what they may see: by SMTP and by signed webhook', async () => {
      mails.length = 0;
      hooks.length = 0;
      const tag = `v${Date.now()}`;
      const s = await create({
        name: 'Acme digest',
        target: { kind: 'digest', customer_id: C1 },
        cron: '0 8 * * 1-5',
        timezone: 'UTC',
        format: 'json',
        recipients: [
          { user_id: U.repA },
          { webhook_url: `${hookBase}/${tag}/rep-a`, user_id: U.repA },
          { webhook_url: `${hookBase}/${tag}/owner` },
        ],
      });
      const d = await sendNow(s.id);
      expect(d.email_transport).toBe('smtp');
      expect(d.recipients.map((r: { status: string }) => r.status)).toEqual(['sent', 'sent', 'sent']);
      expect(d.status).toBe('delivered');

      // The mail, as the SMTP server received it: to rep A's directory address, rep A's view only.
      expect(mails).toHaveLength(1);
      const mail = mails[0] as Mail;
      expect(mail.to).toEqual([EMAIL.repA]);
      expect(headerOf(mail.raw, 'subject')).toMatch(/^Acme digest — /);
      const parts = leafParts(mail.raw);
      const html = parts.find((p) => p.headers['content-type']?.startsWith('text/html'))?.body ?? '';
      expect(html).toContain('Need pricing');
      expect(html).not.toContain('Angry call'); // team B's events
      expect(html).not.toContain('Call me back');
      const attached = JSON.parse(
        parts.find((p) => /acme-digest\.json/.test(p.headers['content-disposition'] ?? ''))?.body ?? '{}',
      );
      expect(attached.counts).toEqual({ events: EXPECTED.repA.events, by_channel: EXPECTED.repA.by_channel });
      expect(attached.totals).toEqual({ notable: 1, unanswered: 1, upcoming: 1 });

      // Webhooks: signed with the schedule's secret; rep A's view and the owner's (everything).
      const byPath = new Map(hooks.map((h) => [h.path, h]));
      for (const path of [`/${tag}/rep-a`, `/${tag}/owner`]) {
        const h = byPath.get(path);
        expect(h?.headers['x-signature']).toBe(
          `sha256=${createHmac('sha256', s.webhook_secret)
            .update(h?.body ?? '')
            .digest('hex')}`,
        );
        expect(h?.headers['x-delivery-id']).toBe(d.id);
      }
      const repA = JSON.parse(byPath.get(`/${tag}/rep-a`)?.body ?? '{}');
      const all = JSON.parse(byPath.get(`/${tag}/owner`)?.body ?? '{}');
      expect(repA.counts.events).toBe(EXPECTED.repA.events);
      expect(repA.unanswered.map((e: { title: string }) => e.title)).toEqual(['Need pricing']);
      expect(all.counts).toEqual({ events: EXPECTED.all.events, by_channel: EXPECTED.all.by_channel });
      expect(all.notable.map((e: { title: string }) => e.title).sort()).toEqual([
        'Angry call',
        'Need pricing',
      ]);
      expect(all.unanswered.map((e: { title: string }) => e.title)).toEqual(['Call me back']);
      expect(all.upcoming.map((e: { title: string }) => e.title)).toEqual(['Demo']);
    });

    it('a digest email is an HTML body with its figures and the PDF attached (plus the chosen CSV)', async () => {
      mails.length = 0;
      const s = await create({
        name: 'Acme digest',
        target: { kind: 'digest', customer_id: C1 },
        cron: '0 8 * * 1-5',
        timezone: 'UTC',
        format: 'csv',
        recipients: [{ email: 'boss@example.com' }],
      });
      const d = await sendNow(s.id);
      expect([d.status, d.recipients[0].status]).toEqual(['delivered', 'sent']);
      expect(mails).toHaveLength(1);
      const parts = leafParts((mails[0] as Mail).raw);
      const type = (p: MimePart) => (p.headers['content-type'] ?? '').split(';')[0];
      const named = (p: MimePart) => /filename="?([^";]+)/.exec(p.headers['content-disposition'] ?? '')?.[1];
      expect(parts.map((p) => [type(p), named(p)])).toEqual([
        ['text/plain', undefined],
        ['text/html', undefined],
        ['application/pdf', 'acme-digest.pdf'],
        ['text/csv', 'acme-digest.csv'],
      ]);
      const [, html, pdf, csv] = parts as [MimePart, MimePart, MimePart, MimePart];
      // The figures, from the fixture's own counts: the owner's view of everything.
      const all = EXPECTED.all;
      const sections = [
        `Notable (${all.notable})`,
        `Unanswered inbound (${all.unanswered})`,
        `Upcoming (${all.upcoming})`,
      ];
      const titles = ['Angry call', 'Need pricing', 'Call me back', 'Demo'];
      expect(html.body).toContain(`Activity (${all.events})`);
      // Channels by the catalogue's labels ("Email: 1"), not the raw keys.
      for (const [channel, n] of Object.entries(all.by_channel))
        expect(html.body).toContain(`${valueLabel('type', channel)}: ${n}`);
      for (const text of [...sections, ...titles]) expect(html.body).toContain(text);
      // The PDF, read back by pdftotext: the same figures as tiles and the same sections and events.
      expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdf.bytes).replace(/\s+/g, ' ');
      expect(text).toContain('Acme digest');
      // Tiles, four to a row: the labels, then their values (every channel has 1 here, so any order;
      // "1 event", singular).
      const channels = Object.keys(all.by_channel).map((c) => valueLabel('type', c));
      const values = [all.events, ...Object.values(all.by_channel)]
        .map((n) => quantityText(String(n), 'events'))
        .join(' ');
      const tiles = new RegExp(`Activities((?: \\w+){${channels.length}}) ${values} `).exec(text);
      expect(tiles?.[1]?.trim().split(' ').sort()).toEqual([...channels].sort());
      expect(text).toContain(
        `Notable Unanswered inbound Upcoming ${all.notable} ${all.unanswered} ${all.upcoming}`,
      );
      for (const t of [...sections, ...titles]) expect(text).toContain(t);
      expect(csv.body.split('\r\n')[0]).toBe('section,event_id,at,type,title,customer,owner,why');
    });

    it('a webhook answering 500 is retried and the attempts are in the history', async () => {
      hooks.length = 0;
      failNext = 2;
      const s = await create({
        name: 'Retry',
        target: { kind: 'digest', team_id: undefined, segment: 'enterprise' },
        preset: { every: 'week', at: '09:00', weekday: 1 },
        format: 'csv',
        recipients: [{ webhook_url: `${hookBase}/retry` }],
      });
      const d = await sendNow(s.id);
      const attempts = d.recipients[0].attempts;
      expect(attempts.map((a: { status_code: number }) => a.status_code)).toEqual([500, 500, 200]);
      expect(attempts.map((a: { retry_in_ms?: number }) => a.retry_in_ms)).toEqual([1, 2, undefined]);
      expect(hooks).toHaveLength(3);
      expect(hooks[2]?.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(hooks[2]?.body.split('\r\n')[0]).toBe('section,event_id,at,type,title,customer,owner,why');
      const history = await t.app.inject({
        url: `/api/v1/report-schedules/${s.id}/deliveries`,
        headers: await co.auth('executive', { userId: OWNER }),
      });
      expect(history.json().items[0].recipients[0].attempts).toEqual(attempts);
    });

    it('a dashboard schedule delivers the same bundle as the dashboard endpoint for its period', async () => {
      hooks.length = 0;
      const s = await create({
        name: 'Exec weekly',
        target: { kind: 'dashboard', dashboard: 'executive', period: 'last_7_days' },
        preset: { every: 'week', at: '09:00', weekday: 1 },
        timezone: 'UTC',
        format: 'json',
        recipients: [{ webhook_url: `${hookBase}/exec` }],
      });
      const d = await sendNow(s.id);
      expect(d.status).toBe('delivered');
      const sent = JSON.parse(hooks[0]?.body ?? '{}');
      const slot = new Date(d.slot_at).getTime();
      expect(Date.parse(sent.period.to)).toBe(slot);
      expect(slot - Date.parse(sent.period.from)).toBe(7 * 86_400_000);
      const res = await t.app.inject({
        url: `/api/v1/dashboards/executive?from=${sent.period.from}&to=${sent.period.to}&tz=UTC`,
        headers: await co.auth('executive', { userId: OWNER }),
      });
      // realtime is "as of now" (a different now for each call); every other section is of the period.
      const { freshness: _a, realtime: _r, ...expected } = res.json();
      const { freshness: _b, realtime: _s, ...delivered } = sent;
      expect(delivered).toEqual(expected);
      // The fixture's three past events are all within the last 7 days.
      expect(delivered.volume.total).toBe(EXPECTED.all.events);
    });
  },
  { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '1' },
);
