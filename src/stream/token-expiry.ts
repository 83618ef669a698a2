/**
 * A stream lives no longer than the token that opened it: at the token's expiry the client is sent
 * `event: reauthenticate` and the stream ends. EventSource would reconnect with the same, now
 * expired, URL token and stop on the 401, so the message tells the client to get a new token first
 * (and resume with Last-Event-ID / last_event_id: nothing is lost).
 */
import type { StreamClient } from './client.js';
import { formatMessage } from './sse.js';

/** setTimeout's longest delay; a later expiry is waited for in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const REAUTHENTICATE = 'reauthenticate';

/** Ends `client` at `expiresAt` (ms since the epoch) with a `reauthenticate` message. */
export function endAtExpiry(client: StreamClient, expiresAt: number): void {
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = expiresAt - Date.now();
    if (left > 0) {
      timer = setTimeout(check, Math.min(left, MAX_DELAY_MS)).unref();
      return;
    }
    // No id: the client's last received id stays its resume point.
    client.write(formatMessage({ event: REAUTHENTICATE, data: JSON.stringify({ reason: 'token_expired' }) }));
    client.close();
  };
  check();
  client.onClose(() => clearTimeout(timer));
}
