/**
 * Email delivery through nodemailer: SMTP when SMTP_URL is set; otherwise each message is written
 * as an .eml file to the outbox folder (SCHEDULE_OUTBOX_DIR, default DATA_DIR/outbox), so a server
 * without mail still shows what it would have sent (the API and UI say "outbox").
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Attempt } from './schema.js';

export interface EmailSettings {
  smtpUrl: string | undefined;
  outboxDir: string;
  from: string;
}

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
}

export interface EmailOutcome {
  ok: boolean;
  outboxFile?: string;
  attempts: Attempt[];
}

export const emailTransportOf = (s: EmailSettings): 'smtp' | 'outbox' => (s.smtpUrl ? 'smtp' : 'outbox');

/** Sends one message (or writes it to the outbox as `<fileStem>.eml`). */
export async function sendEmail(
  s: EmailSettings,
  msg: EmailMessage,
  fileStem: string,
): Promise<EmailOutcome> {
  const at = new Date().toISOString();
  const mail = {
    from: s.from,
    to: msg.to,
    subject: msg.subject,
    html: msg.html,
    text: msg.text,
    attachments: msg.attachments,
  };
  try {
    if (s.smtpUrl) {
      const transport = nodemailer.createTransport(s.smtpUrl);
      try {
        await transport.sendMail(mail);
      } finally {
        transport.close();
      }
      return { ok: true, attempts: [{ at, ok: true }] };
    }
    const built = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(mail);
    await mkdir(s.outboxDir, { recursive: true });
    const file = `${fileStem}.eml`;
    await writeFile(join(s.outboxDir, file), built.message as Buffer);
    return { ok: true, outboxFile: file, attempts: [{ at, ok: true }] };
  } catch (error) {
    return {
      ok: false,
      attempts: [{ at, ok: false, error: error instanceof Error ? error.message : String(error) }],
    };
  }
}
