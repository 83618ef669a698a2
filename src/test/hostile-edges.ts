/**
 * Requests the route fuzzer sends every run, whatever the seed: the inputs probing found to break
 * things (infinite limits, zones one engine lacks, century-wide ranges, deep `event_data`, HEAD on
 * the stream, upper-case uuids in the token, prototype-polluting keys). Random sampling would reach
 * them only now and then; these make each one a case that fails every time until it is fixed.
 */

import type { HostileRequest, Operation } from './hostile-requests.js';
import { HOSTILE_NUMBER_TEXT, HOSTILE_ZONES, nestedText } from './hostile-values.js';

export interface EdgeOptions {
  /** The operation's path with its parameters filled with ids that exist. */
  url: string;
  /** A valid event input, for the bodies of the ingest routes. */
  event: Record<string, unknown>;
  /** Appended to every authenticated GET of the stream, so it refuses instead of streaming. */
  refuseStream?: boolean;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const POLLUTING = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
const CENTURIES = 'from=1900-01-01T00%3A00%3A00Z&to=2199-12-31T23%3A59%3A59Z';

/** The fixed hostile requests for one operation. */
export function hostileEdges(op: Operation, options: EdgeOptions): HostileRequest[] {
  const names = new Set(op.params.filter((p) => p.in === 'query').map((p) => p.name));
  const out: HostileRequest[] = [];
  const get = (query: string, caller: HostileRequest['caller'] = 'admin') => {
    const parts = [query, options.refuseStream ? 'not_a_parameter=1' : ''].filter(Boolean);
    out.push({ caller, url: parts.length ? `${options.url}?${parts.join('&')}` : options.url, headers: {} });
  };
  if (op.method === 'GET') {
    for (const name of ['limit', 'window_days', 'half_life_days', 'within_days', 'min_seq', 'hours']) {
      if (names.has(name)) for (const v of HOSTILE_NUMBER_TEXT) get(`${name}=${encodeURIComponent(v)}`);
    }
    if (names.has('tz')) for (const zone of HOSTILE_ZONES) get(`tz=${encodeURIComponent(zone)}`);
    if (names.has('from')) {
      get(CENTURIES);
      if (names.has('compare')) {
        get(`${CENTURIES}&compare=previous`);
        get(`${CENTURIES}&compare=previous_year`);
      }
      if (names.has('bucket')) get(`${CENTURIES}&bucket=hour`);
    }
    get('', 'upper');
    get('__proto__%5Bpolluted%5D=yes&constructor%5Bprototype%5D%5Bpolluted%5D=yes');
  }
  if (op.body) out.push(...edgeBodies(op, options));
  if (op.path === '/api/v1/company/settings' && op.method === 'PUT') {
    for (const timezone of HOSTILE_ZONES)
      out.push({
        caller: 'admin',
        url: options.url,
        headers: JSON_HEADERS,
        payload: JSON.stringify({ timezone }),
      });
  }
  return out;
}

/** HEAD for a GET operation: what a proxy's health check or `curl -I` sends. */
export function headEdges(op: Operation, url: string): HostileRequest[] {
  return op.method === 'GET'
    ? [
        { caller: 'admin', url, headers: {} },
        { caller: 'upper', url, headers: {} },
        { caller: 'none', url, headers: {} },
      ]
    : [];
}

function edgeBodies(op: Operation, options: EdgeOptions): HostileRequest[] {
  const send = (payload: string): HostileRequest => ({
    caller: op.path.startsWith('/api/v1/events') ? 'integration' : 'admin',
    url: options.url,
    headers: JSON_HEADERS,
    payload,
  });
  const out: HostileRequest[] = [send(`{${POLLUTING}}`), send(`[{${POLLUTING}}]`)];
  const event = JSON.stringify(options.event);
  for (const depth of [100, 1_000, 5_000, 20_000]) {
    const deep = `${event.slice(0, -1)},"event_data":{"deep":${nestedText(depth)}}}`;
    if (op.path === '/api/v1/events' && op.method === 'POST') out.push(send(deep));
    if (op.path === '/api/v1/events/batch') out.push(send(`[${event},${deep},${event}]`));
    if (op.path === '/api/v1/events/{id}' && op.method === 'PATCH')
      out.push(send(`{"event_data":{"deep":${nestedText(depth)}}}`));
  }
  if (op.path === '/api/v1/events' && op.method === 'POST') {
    const text = JSON.stringify(options.event).slice(1);
    out.push(send(`{${POLLUTING},${text}`));
    out.push(send(`{"duration_minutes":1e400,${text}`));
    out.push(send(`{"engagement_score":-1e400,${text}`));
    out.push(send(JSON.stringify({ ...options.event, event_title: 'a\u0000b' })));
    out.push(send(JSON.stringify({ ...options.event, event_title: '\uD800' })));
  }
  return out;
}

/** Nesting depth of a JSON text (brackets outside strings). */
export function jsonDepth(text: string): number {
  let max = 0;
  let level = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++level);
    else if (c === '}' || c === ']') level--;
  }
  return max;
}
