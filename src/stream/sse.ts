/** Server-Sent Events wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html). */

export interface SseMessage {
  id?: number;
  event: string;
  /** Already-serialized JSON: one line, since JSON.stringify escapes newlines inside strings. */
  data: string;
}

export function formatMessage(m: SseMessage): string {
  return `${m.id === undefined ? '' : `id: ${m.id}\n`}event: ${m.event}\ndata: ${m.data}\n\n`;
}

/**
 * The last message before the server closes a stream because it is shutting down: `retry:` sets
 * the browser's reconnect delay, and the event tells other clients to reconnect (to another
 * instance behind the load balancer) with their Last-Event-ID.
 */
export const goingAway = (retryMs: number): string =>
  `retry: ${retryMs}\n${formatMessage({ event: 'shutdown', data: JSON.stringify({ reason: 'server_shutdown', retry_ms: retryMs }) })}`;

/** A comment line: ignored by EventSource, but it keeps proxies and load balancers from timing out. */
export const heartbeat = (): string => `: heartbeat ${Date.now()}\n\n`;

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx and similar proxies otherwise buffer the response and the stream stops being live.
  'x-accel-buffering': 'no',
};
