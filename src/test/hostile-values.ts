/**
 * fast-check arbitraries driven by a route's JSON schema (as published in OpenAPI): values that fit
 * the schema, values that fit it but sit at its edges (NUL bytes, extremes, long unicode), and values
 * that break it. The no-server-errors fuzz test sends them; any of them may be refused, none may 500.
 */
import fc from 'fast-check';

/** The subset of JSON Schema our OpenAPI document uses. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  nullable?: boolean;
}

const LONG = 'x'.repeat(10_000);
const UNICODE = ['Zürich — 東京 🚀', '\u202Eevil\u202C', 'e\u0301\u0301\u0301', '\u{1F600}'.repeat(300), 'ǅ'];

/** Strings no schema should trust: NUL, lone surrogates, SQL/LIKE metacharacters, huge, blank. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  "'; drop table events; --",
  '%_\\',
  '\\',
  'null',
  'undefined',
  '[object Object]',
  '__proto__',
  '-1',
  '0',
  '1e309',
  'NaN',
  '9'.repeat(40),
  LONG,
  ...UNICODE,
];

const HOSTILE_DATES = [
  '2025-13-45',
  '2025-02-30T00:00:00Z',
  '2025-01-01',
  '2025-01-01T00:00:00',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1900-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2025-01-01T00:00:00+14:00',
  '2025-01-01T00:00:00-23:59',
  '2025-01-01T24:00:00Z',
  '2025-06-30T23:59:60Z',
  '2025-01-01T00:00:00.123456789Z',
  '+275760-09-13T00:00:00Z',
  'now',
];

const HOSTILE_UUIDS = [
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '6f1e8b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b ',
  '6f1e8b7a1c2d4e5f8a9b0c1d2e3f4a5b',
  '{6f1e8b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b}',
  'not-a-uuid',
];

const HOSTILE_NUMBERS = [-1, 0, -0.5, 0.5, 1e-9, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 1e21];

/** Numbers as a query string carries them: Ajv coerces some of these (Infinity is an "integer" to it). */
export const HOSTILE_NUMBER_TEXT = [
  'Infinity',
  '-Infinity',
  'NaN',
  '1e400',
  '-1e400',
  '1e21',
  '0x10',
  '1_000',
  '+1',
  ' 1',
  '1.0',
  '-0',
  '\u0661',
  '9007199254740993',
];

/**
 * Zones a runtime may know that a database may not (US/Pacific-New, Canada/East-Saskatchewan were
 * dropped from tzdata), aliases, POSIX forms and zones with unusual offsets.
 */
export const HOSTILE_ZONES = [
  'US/Pacific-New',
  'Canada/East-Saskatchewan',
  'EST5EDT',
  'Etc/GMT+12',
  'Etc/GMT-14',
  'Pacific/Kiritimati',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Europe/Kyiv',
  'utc',
  'GMT0',
  'posixrules',
  'localtime',
  'Factory',
  '+05:30',
  'UTC+1',
  'Europe/../UTC',
];

/** An object with the keys that pollute prototypes when it is merged carelessly. */
const polluting = (): unknown =>
  JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"a":1}');

/** Any JSON value, including deep nesting and wide arrays (all within the body limit). */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, '', {}, [], LONG, '\u0000', ...UNICODE),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(1, 100, 3_000).map(nested), // deeper ones: hostile-edges.ts (as text)
  fc.constant(null).map(polluting),
  fc.constantFrom(1_000, 6_000).map((n) => Array.from({ length: n }, (_, i) => i)),
);

/** nested(depth) as JSON text, for depths JSON.stringify itself cannot write (its stack). */
export function nestedText(depth: number): string {
  let open = '';
  let close = '';
  for (let i = depth - 1; i >= 0; i--) {
    open += i % 2 ? '[' : '{"a":';
    close = (i % 2 ? ']' : '}') + close;
  }
  return `${open}"deep"${close}`;
}

/** `[[[…]]]` `depth` levels deep. */
export function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

const types = (s: JsonSchema) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** Values the schema accepts, leaning on its edges (bounds, NUL, unicode, extreme dates). */
export function validValue(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s) => validValue(s, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const base = validByType(schema, types(schema)[0], depth);
  return schema.nullable ? fc.oneof({ arbitrary: base, weight: 4 }, fc.constant(null)) : base;
}

function validByType(schema: JsonSchema, type: string | undefined, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return validString(schema, depth);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1e9;
      const max = schema.maximum ?? 1e9;
      const edges = fc.constantFrom(min, max);
      const any =
        type === 'integer'
          ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
          : fc.double({ min, max, noNaN: true });
      return fc.oneof(edges, any);
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item =
        schema.items && Object.keys(schema.items).length ? validValue(schema.items, depth + 1) : hostileJson;
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 5, 5));
      return schema.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    case 'object':
      return validObject(schema, depth);
    default:
      return hostileJson;
  }
}

function validString(schema: JsonSchema, depth: number): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') {
    const edges = [
      '1970-01-01T00:00:00Z',
      '2000-02-29T12:00:00+05:45',
      '2099-12-31T23:59:59.999Z',
      '1900-01-01T00:00:00Z',
      '2199-12-31T23:59:59Z',
    ];
    const dates = fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
    return fc.oneof(
      fc.constantFrom(...edges),
      dates.map((d) => d.toISOString()),
    );
  }
  if (schema.format === 'email') return fc.oneof(fc.emailAddress(), fc.constant('a@b.co'));
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => fits(schema, s));
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 10_000;
  const edges = ['x'.repeat(Math.max(min, 1)), '\u{1F680}'.repeat(Math.min(max, 500)), "o'brien %_\\"];
  // Text PostgreSQL cannot store: refused with a 400, so rarer, or few requests would get further.
  const unstorable = depth <= 1 ? ['a\u0000b', '\uD800x'] : [];
  const sized = (unit: 'grapheme-ascii' | 'binary') =>
    fc.string({ minLength: min, maxLength: Math.min(max, 40), unit });
  const some = (weight: number, values: string[]) =>
    values.length ? [{ arbitrary: fc.constantFrom(...values), weight }] : [];
  return fc.oneof(
    { arbitrary: sized('grapheme-ascii'), weight: 6 },
    { arbitrary: sized('binary'), weight: 1 },
    ...some(
      2,
      edges.filter((s) => fits(schema, s)),
    ),
    ...some(
      1,
      unstorable.filter((s) => fits(schema, s)),
    ),
  );
}

function fits(schema: JsonSchema, s: string) {
  const length = [...s].length;
  return length >= (schema.minLength ?? 0) && length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
}

function validObject(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  if (depth > 4 || !schema.properties)
    return fc.dictionary(fc.string({ maxLength: 8 }), hostileJson, { maxKeys: 3 });
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, s] of Object.entries(schema.properties))
    record[key] = ZONE_NAMES.has(key) ? zoneValue(s) : validValue(s, depth + 1);
  const requiredKeys = Object.keys(record).filter((k) => required.has(k));
  const full = fc.record(record, { requiredKeys });
  if (depth > 0) return full;
  // Top level: often just the required fields, so large bodies still get past validation.
  const minimal = Object.fromEntries(requiredKeys.map((k) => [k, record[k] as fc.Arbitrary<unknown>]));
  return fc.oneof(full, fc.record(minimal));
}

const ZONE_NAMES = new Set(['tz', 'timezone']);

/** A time-zone field: valid strings, and often one of the zones databases disagree on. */
export function zoneValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_ZONES), weight: 2 },
    { arbitrary: anyValue(schema), weight: 1 },
  );
}

/** Values the schema refuses (or that sit outside what it means): wrong types, bounds ± 1, junk. */
export function invalidValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const specific: unknown[] = [null, [], {}, true, 'abc'];
  if (schema.format === 'date-time') specific.push(...HOSTILE_DATES);
  if (schema.format === 'uuid') specific.push(...HOSTILE_UUIDS);
  if (types(schema).some((t) => t === 'integer' || t === 'number')) specific.push(...HOSTILE_NUMBER_TEXT);
  if (schema.minimum !== undefined) specific.push(schema.minimum - 1, String(schema.minimum - 1));
  if (schema.maximum !== undefined) specific.push(schema.maximum + 1, schema.maximum * 1e6);
  if (schema.maxLength !== undefined) specific.push('y'.repeat(schema.maxLength + 1));
  if (schema.maxItems !== undefined) specific.push(Array.from({ length: schema.maxItems + 1 }, () => 'a'));
  if (schema.enum) specific.push(`${String(schema.enum[0])}x`, String(schema.enum[0]).toUpperCase());
  return fc.oneof(fc.constantFrom(...specific), hostileJson);
}

/** Mostly fitting values (so requests get past validation), some edge and some refused ones. */
export function anyValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: validValue(schema), weight: 3 },
    { arbitrary: invalidValue(schema), weight: 1 },
  );
}

/** A query-string value as the client would type it: scalars as text, arrays repeated or comma-joined. */
export function queryValues(value: unknown, repeat: boolean): string[] {
  if (Array.isArray(value)) return repeat ? value.map(text) : [value.map(text).join(',')];
  return [text(value)];
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

/** Raw query fragments that stress the query-string parser itself (invalid or odd percent-encoding). */
export const RAW_QUERY_FRAGMENTS = [
  '%',
  '%zz',
  '%00',
  '%FF%FE',
  '%E0%A4%A',
  '%uD800',
  '&&&',
  '=x',
  'a[b]=c',
  '__proto__=x',
  '__proto__[polluted]=yes',
  'constructor[prototype]=1',
  'constructor.prototype.polluted=yes',
  'limit=1&limit=2',
  `unknown_param=${'z'.repeat(5000)}`,
];
