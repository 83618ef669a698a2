/**
 * Webhook delivery: an HTTP POST of the deliverable, signed `X-Signature: sha256=<hex HMAC-SHA256
 * of the body>` with the schedule's secret, with `X-Timestamp` (seconds) so a receiver can refuse
 * replays. Tried up to 5 times with exponential backoff (base, 2×base, 4×base, 8×base); redirects are
 * not followed (a 3xx is a failure), 4xx other than 408 and 429 are not retried (the receiver said
 * no), and a refused address (see ssrf.ts) is final.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Attempt } from './schema.js';
import { hostOf, resolveWebhookHost, type WebhookPolicy } from './ssrf.js';

export const WEBHOOK_TRIES = 5;

export interface WebhookSettings extends WebhookPolicy {
  baseDelayMs: number;
  timeoutMs: number;
  /** Waits between tries; tests pass one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

export interface WebhookMessage {
  url: string;
  secret: string;
  body: Buffer;
  contentType: string;
  headers: Record<string, string>;
}

/** A schedule's signing secret: 256 random bits. */
export const newSecret = () => randomBytes(32).toString('base64url');

export const signBody = (secret: string, body: Buffer) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

class Refused extends Error {}

/** One POST to the checked address; resolves with the status code. */
async function postOnce(msg: WebhookMessage, s: WebhookSettings): Promise<number> {
  const url = new URL(msg.url);
  let target: { address: string; family: number };
  try {
    target = await resolveWebhookHost(hostOf(url), s);
  } catch (error) {
    throw new Refused(error instanceof Error ? error.message : String(error));
  }
  // Connect to the address just checked, whatever a second DNS answer would say.
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: unknown[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return await new Promise<number>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        lookup,
        timeout: s.timeoutMs,
        headers: {
          'content-type': msg.contentType,
          'content-length': String(msg.body.length),
          'user-agent': 'crm-activity-timeline-webhook',
          'x-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-signature': signBody(msg.secret, msg.body),
          ...msg.headers,
        },
      },
      (res) => {
        res.resume(); // the body is not read: only the status matters
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${s.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(msg.body);
  });
}

const retryable = (status: number) =>
  status >= 500 || status === 408 || status === 429 || (status >= 300 && status < 400);
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sends with retries; every try is recorded (and reported to `onAttempt` as it happens). */
export async function deliverWebhook(
  msg: WebhookMessage,
  s: WebhookSettings,
  onAttempt?: (attempts: Attempt[]) => Promise<void>,
): Promise<{ ok: boolean; attempts: Attempt[] }> {
  const attempts: Attempt[] = [];
  const sleep = s.sleep ?? defaultSleep;
  for (let n = 0; n < WEBHOOK_TRIES; n++) {
    const at = new Date().toISOString();
    let again = true;
    let attempt: Attempt;
    try {
      const status = await postOnce(msg, s);
      if (status >= 200 && status < 300) {
        attempts.push({ at, ok: true, status_code: status });
        return { ok: true, attempts };
      }
      again = retryable(status);
      attempt = {
        at,
        ok: false,
        status_code: status,
        error: status < 400 ? 'redirects are not followed' : `HTTP ${status}`,
      };
    } catch (error) {
      again = !(error instanceof Refused);
      attempt = { at, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const last = !again || n === WEBHOOK_TRIES - 1;
    if (!last) attempt.retry_in_ms = s.baseDelayMs * 2 ** n;
    attempts.push(attempt);
    if (last) break;
    await onAttempt?.(attempts);
    await sleep(attempt.retry_in_ms as number);
  }
  return { ok: false, attempts };
}
