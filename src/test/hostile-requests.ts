/**
 * Every operation of the app's OpenAPI document, and a fast-check arbitrary of hostile requests for
 * each: odd or refused values in path, query, headers and body, wrong content types, any caller.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import {
  anyValue,
  HOSTILE_STRINGS,
  hostileJson,
  type JsonSchema,
  queryValues,
  RAW_QUERY_FRAGMENTS,
  zoneValue,
} from './hostile-values.js';

export interface Param {
  in: 'path' | 'query' | 'header';
  name: string;
  schema: JsonSchema;
}

export interface Operation {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form: /api/v1/events/{id} */
  path: string;
  params: Param[];
  body?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** The operations the app documents (call after `ready()`). */
export function listOperations(app: FastifyInstance): Operation[] {
  const doc = app.swagger() as { paths?: Record<string, Record<string, OpenApiOperation>> };
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? [])
        .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
        .map((p) => ({ in: p.in, name: p.name, schema: p.schema ?? {} }) as Param);
      const body = op.requestBody?.content?.['application/json']?.schema;
      out.push({ method: method.toUpperCase() as Operation['method'], path, params, body });
    }
  }
  return out;
}

/** `upper`: an admin whose token writes its uuids (sub, company_id) in upper case. */
export type Caller = 'rep' | 'admin' | 'integration' | 'upper' | 'none' | { garbage: number };

export interface HostileRequest {
  caller: Caller;
  /** Path with its parameters filled in (already percent-encoded). */
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface RequestOptions {
  /** Ids that exist in the caller's company, so some requests get past the 404. */
  knownIds: string[];
  /** How many garbage Authorization headers the test prepared. */
  garbageCount: number;
  /** Add an unknown query parameter whenever the caller is authenticated (for endpoints that would stream). */
  refuseWhenAuthenticated?: boolean;
}

const IF_MATCH = [
  '"1"',
  '*',
  'W/"1"',
  '"abc"',
  'abc',
  '""',
  '"-1"',
  '"1", "2"',
  `"${'9'.repeat(30)}"`,
  'x'.repeat(5000),
];
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'];
const OTHER_TYPES = [
  'text/plain',
  'application/x-ndjson',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'application/xml',
];
const JUNK_BODIES = [
  '',
  '{',
  '[',
  'null',
  '"text"',
  '42',
  '{"a":1,"a":2}',
  '{"__proto__":{"admin":true}}',
  '\uFEFF{}',
  '\u0000',
];

const callers: fc.Arbitrary<Caller> = fc.oneof(
  { arbitrary: fc.constantFrom<Caller>('rep', 'admin', 'integration'), weight: 5 },
  { arbitrary: fc.constant<Caller>('upper'), weight: 1 },
  { arbitrary: fc.constant<Caller>('none'), weight: 1 },
);

/** Hostile requests for one operation. */
export function hostileRequests(op: Operation, options: RequestOptions): fc.Arbitrary<HostileRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const headerParams = op.params.filter((p) => p.in === 'header');
  const caller = fc.oneof(
    { arbitrary: callers, weight: 4 },
    { arbitrary: fc.nat({ max: options.garbageCount - 1 }).map((i): Caller => ({ garbage: i })), weight: 1 },
  );
  const pathValue = fc.oneof(
    { arbitrary: fc.constantFrom(...options.knownIds), weight: 4 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map(percentEncode), weight: 2 },
    { arbitrary: fc.constantFrom('%', '%zz', '%00', '..', '%2F', 'a%2Fb', '%E0%A4%A'), weight: 1 },
  );
  const query = fc
    .subarray(queryParams, { maxLength: Math.min(4, queryParams.length) })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((p) =>
          fc.tuple(
            fc.constant(p.name),
            p.name === 'tz' ? zoneValue(p.schema) : anyValue(p.schema),
            fc.boolean(),
          ),
        ),
      ),
    );
  const extra = fc.option(
    fc.oneof(
      fc.constantFrom(...RAW_QUERY_FRAGMENTS),
      fc.constant(`unknown=${encodeURIComponent('\u{1F680}')}`),
    ),
    { freq: 4 },
  );
  const headers = fc.record(
    {
      ifMatch: fc.constantFrom(...IF_MATCH),
      params: fc.tuple(...headerParams.map((p) => fc.tuple(fc.constant(p.name), anyValue(p.schema)))),
    },
    { requiredKeys: ['params'] },
  );
  return fc
    .record({
      caller,
      path: fc.tuple(...pathParams.map(() => pathValue)),
      query,
      extra,
      headers,
      body: bodies(op),
    })
    .map(({ caller, path, query, extra, headers, body }) => {
      let url = op.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, path[i] ?? '');
      });
      const parts = query.flatMap(([name, value, repeat]) =>
        queryValues(value, repeat).map((v) => `${name}=${percentEncode(v)}`),
      );
      if (extra !== null) parts.push(extra);
      if (options.refuseWhenAuthenticated && typeof caller === 'string' && caller !== 'none') {
        parts.push('not_a_parameter=1');
      }
      const out: Record<string, string> = { ...body.headers };
      if (headers.ifMatch !== undefined) out['if-match'] = headers.ifMatch;
      for (const [name, value] of headers.params) if (typeof value === 'string') out[name] = value;
      return {
        caller,
        url: parts.length ? `${url}?${parts.join('&')}` : url,
        headers: out,
        payload: body.payload,
      };
    });
}

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as a client would send it). */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

interface Body {
  headers: Record<string, string>;
  payload?: string;
}

function bodies(op: Operation): fc.Arbitrary<Body> {
  const json =
    (ct: string) =>
    (value: unknown): Body => ({
      headers: { 'content-type': ct },
      payload: JSON.stringify(value) ?? 'null',
    });
  const junk = fc
    .tuple(fc.constantFrom(...JSON_TYPES), fc.constantFrom(...JUNK_BODIES))
    .map(([ct, payload]): Body => ({ headers: { 'content-type': ct }, payload }));
  if (!op.body) {
    return fc.oneof(
      { arbitrary: fc.constant<Body>({ headers: {} }), weight: 8 },
      { arbitrary: junk, weight: 1 },
    );
  }
  // An otherwise fitting body with prototype-polluting keys of its own (JSON.stringify cannot
  // write an own `__proto__`, so it is spliced into the text).
  const polluted = anyValue(op.body).map((v): Body => {
    const text = JSON.stringify(v) ?? 'null';
    const keys = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
    const payload = text.startsWith('{') ? `{${keys}${text === '{}' ? '' : ','}${text.slice(1)}` : text;
    return { headers: { 'content-type': 'application/json' }, payload };
  });
  return fc.oneof(
    {
      arbitrary: fc.tuple(fc.constantFrom(...JSON_TYPES), anyValue(op.body)).map(([ct, v]) => json(ct)(v)),
      weight: 8,
    },
    { arbitrary: polluted, weight: 1 },
    { arbitrary: hostileJson.map(json('application/json')), weight: 1 },
    { arbitrary: junk, weight: 1 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...OTHER_TYPES), anyValue(op.body)).map(([ct, v]) => json(ct)(v)),
      weight: 1,
    },
    { arbitrary: fc.constant<Body>({ headers: {} }), weight: 1 },
  );
}
