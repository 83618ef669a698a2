/**
 * PostgreSQL cannot store NUL in text nor `\u0000` or an unpaired surrogate in json/jsonb, so such
 * strings would reach the database and fail there as a 500. They are refused up front instead, as a
 * 400 naming every offending field (query, path and body, keys of free-form objects included).
 */
import type { FastifyInstance } from 'fastify';
import { type FieldError, invalid, summarize } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks its body item by item (batch ingest reports bad items at their index). */
    bodyTextCheckedPerItem?: boolean;
  }
}

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE = { test: (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s) };
const MESSAGE = 'must not contain NUL characters or unpaired surrogates';

interface At {
  parent?: At;
  key: string;
}
const pathOf = (at: At): string => {
  const keys: string[] = [];
  for (let a: At | undefined = at; a; a = a.parent) keys.push(a.key);
  return keys.reverse().join('.');
};

/**
 * Fields of `value` (under `path`) holding text PostgreSQL cannot store. Iterative, with paths built
 * only for offenders: bodies may nest thousands of levels deep.
 */
export function unstorableText(value: unknown, path: string, out: FieldError[] = []): FieldError[] {
  const stack: Array<[unknown, At]> = [[value, { key: path }]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, at] = next;
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) out.push({ path: pathOf(at), message: MESSAGE });
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], { parent: at, key: String(i) }]);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item).reverse()) {
        const childAt = { parent: at, key };
        if (UNSTORABLE.test(key)) out.push({ path: pathOf(childAt), message: `name ${MESSAGE}` });
        stack.push([child, childAt]);
      }
    }
  }
  return out;
}

export function registerStorableText(app: FastifyInstance) {
  // After validation, so a request with wrong types hears about all of them first.
  app.addHook('preHandler', async (request) => {
    const errors = unstorableText(request.params, 'params');
    unstorableText(request.query, 'query', errors);
    if (!request.routeOptions.config?.bodyTextCheckedPerItem) unstorableText(request.body, 'body', errors);
    if (errors.length) throw invalid(`Invalid request: ${summarize(errors)}`, errors);
  });
}
