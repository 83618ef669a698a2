/**
 * Query and path values normalised once, at the edge, for every route:
 * - uuids are lower-cased before validation, so `A1B2…` and `a1b2…` name the same row everywhere
 *   (PostgreSQL's uuid type already prints them lower-case; comparisons in code must agree);
 * - numbers are finite after validation: ajv's type coercion turns `Infinity`, `-Infinity` and
 *   `1e400` into numbers that pass `type: 'integer'` and skip `minimum`/`maximum` (ajv checks
 *   bounds only on finite numbers), so without this they would reach the database.
 * JSON bodies need neither: JSON has no Infinity (`1e400` parses to it, but ajv refuses a
 * non-finite number it did not coerce) and body uuids are compared only after a round trip
 * through a uuid column.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FieldError, invalid } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Free text that may look like a uuid and must match as written (stored participant ids, search). */
const VERBATIM = new Set(['q', 'participant']);

/** `value` with uuid strings lower-cased (one level of arrays, as query lists are). */
function lowerUuids(value: unknown): unknown {
  if (typeof value === 'string') return UUID.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : v));
  return value;
}

function eachValue(
  record: unknown,
  visit: (key: string, value: unknown, owner: Record<string, unknown>) => void,
): void {
  if (!record || typeof record !== 'object') return;
  const owner = record as Record<string, unknown>;
  for (const key of Object.keys(owner)) visit(key, owner[key], owner);
}

const isNonFinite = (v: unknown) => typeof v === 'number' && !Number.isFinite(v);

function nonFiniteFields(context: string, record: unknown): FieldError[] {
  const errors: FieldError[] = [];
  eachValue(record, (key, value) => {
    const values = Array.isArray(value) ? value : [value];
    if (values.some(isNonFinite))
      errors.push({ path: `${context}.${key}`, message: 'must be a finite number' });
  });
  return errors;
}

export function registerEdgeValues(app: FastifyInstance) {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    for (const record of [request.query, request.params]) {
      eachValue(record, (key, value, owner) => {
        if (!VERBATIM.has(key)) owner[key] = lowerUuids(value);
      });
    }
  });
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const errors = [...nonFiniteFields('query', request.query), ...nonFiniteFields('params', request.params)];
    if (errors.length > 0) {
      throw invalid(`Invalid ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
    }
  });
}
