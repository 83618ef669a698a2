/**
 * The rule every refusal keeps: below 500, and every 4xx is problem+json (type, title, status,
 * detail) that leaks no stack trace, file name or SQL. Shared by the route fuzzers.
 */
import type { LightMyRequestResponse } from 'fastify';

const LEAKS =
  /\n\s+at |node_modules|\.[jt]s:\d+|syntax error at or near|violates .* constraint|invalid input syntax|\b(select|insert into|update|delete from)\b.+\b(from|where|set|values)\b/i;

/** Why this response breaks the rule, or undefined when it keeps it. */
export function violation(res: LightMyRequestResponse, method = 'GET'): string | undefined {
  if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return undefined;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    return `${res.statusCode} with content-type ${res.headers['content-type']}: ${res.body.slice(0, 200)}`;
  }
  if (method === 'HEAD') return res.body === '' ? undefined : 'HEAD answered with a body';
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 200)}`;
  }
  for (const key of ['type', 'title', 'detail']) {
    if (typeof body[key] !== 'string' || body[key] === '')
      return `${res.statusCode} without ${key}: ${res.body}`;
  }
  if (body.status !== res.statusCode) return `${res.statusCode} with body status ${String(body.status)}`;
  if (LEAKS.test(res.body)) return `${res.statusCode} leaks internals: ${res.body.slice(0, 300)}`;
  return undefined;
}
