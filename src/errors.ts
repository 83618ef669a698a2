/**
 * One error type and one handler: every failure leaves as RFC 9457 problem+json. Client mistakes
 * name the problem (and, for validation, every offending field); unknown errors are logged with the
 * request id and answered as a masked 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type DatabaseFault, databaseFault } from './db/faults.js';

export type ErrorCode =
  | 'validation'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'request_timeout'
  | 'headers_too_large'
  | 'too_many_requests'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, { status: number; title: string }> = {
  validation: { status: 400, title: 'Invalid request' },
  bad_request: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'Gone' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  request_timeout: { status: 408, title: 'Request timeout' },
  headers_too_large: { status: 431, title: 'Request header fields too large' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal server error' },
};

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    /** Seconds a client should wait before trying again (429, 503): sent as Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
  get status() {
    return STATUS[this.code].status;
  }
}

export const invalid = (message: string, errors?: FieldError[]) =>
  new AppError('validation', message, errors);
export const badRequest = (message: string) => new AppError('bad_request', message);
export const unauthorized = (message = 'A valid bearer token is required.') =>
  new AppError('unauthorized', message);
export const forbidden = (message = 'You do not have access to this resource.') =>
  new AppError('forbidden', message);
export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found.`);
export const conflict = (message: string) => new AppError('conflict', message);
export const gone = (message: string) => new AppError('gone', message);
export const preconditionFailed = (message: string) => new AppError('precondition_failed', message);
export const payloadTooLarge = (message: string) => new AppError('payload_too_large', message);
export const tooManyRequests = (message: string, retryAfter: number) =>
  new AppError('too_many_requests', message, undefined, retryAfter);
export const unavailable = (message: string, retryAfter: number) =>
  new AppError('unavailable', message, undefined, retryAfter);

/** The problem+json body, for response schemas and OpenAPI. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI naming the error kind.' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details.' },
);

/** The problem+json document for `code` (also written on raw sockets, before a request exists). */
export function problemBody(code: ErrorCode, detail: string, errors?: FieldError[], instance?: string) {
  const { status, title } = STATUS[code];
  return {
    type: `https://crm-activity-timeline.dev/problems/${code.replace(/_/g, '-')}`,
    title,
    status,
    detail,
    ...(instance === undefined ? {} : { instance }),
    ...(errors ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, code: ErrorCode, detail: string, errors?: FieldError[]) {
  return reply
    .status(STATUS[code].status)
    .type('application/problem+json')
    .send(problemBody(code, detail, errors, reply.request.url.split('?')[0]));
}

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** Ajv errors → `{ path, message }` with the path as the client wrote it (query.from, body.items/3/title). */
export function fieldErrors(context: string, errors: AjvError[]): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    let path = `${context}${e.instancePath.replace(/\//g, '.')}`;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      path = `${path}.${String(e.params.additionalProperty)}`;
      message = 'is not a known field';
    } else if (e.keyword === 'required') {
      path = `${path}.${String(e.params.missingProperty)}`;
      message = 'is required';
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    }
    const key = `${path}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ path, message });
    }
  }
  return out;
}

/** The first few field errors as one sentence; `errors` carries them all. */
export function summarize(errors: FieldError[], max = 5): string {
  const shown = errors.slice(0, max).map((e) => `${e.path} ${e.message}`);
  if (errors.length > max) shown.push(`and ${errors.length - max} more (see errors)`);
  return shown.join('; ');
}

function classify(
  error: FastifyError,
): { code: ErrorCode; detail: string; errors?: FieldError[]; retryAfter?: number } | undefined {
  if (error instanceof AppError)
    return { code: error.code, detail: error.message, errors: error.errors, retryAfter: error.retryAfter };
  if (error.validation) {
    const errors = fieldErrors(error.validationContext ?? 'request', error.validation as AjvError[]);
    return {
      code: 'validation',
      detail: `Invalid ${error.validationContext ?? 'request'}: ${summarize(errors)}`,
      errors,
    };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', detail: 'The request body is larger than this server accepts.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported_media_type', detail: error.message };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'bad_request', detail: 'The JSON body is empty.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'bad_request', detail: error.message };
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return { code: 'bad_request', detail: `Malformed request: ${error.message}` };
  }
  if (error.statusCode === 404) return { code: 'not_found', detail: error.message };
  if (error.statusCode === 415) return { code: 'unsupported_media_type', detail: error.message };
  if (error.statusCode === 413) return { code: 'payload_too_large', detail: error.message };
  return undefined;
}

/**
 * Fastify's `frameworkErrors`: failures raised before routing, which bypass the error handler and
 * would otherwise leave as Fastify's own JSON (not problem+json).
 */
export function handleFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return sendProblem(reply, 'bad_request', 'The URL path is not valid percent-encoding.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return sendProblem(reply, 'bad_request', 'A path parameter is longer than this server accepts.');
  }
  reply.log.error({ err: error, reqId: reply.request.id }, 'unhandled framework error');
  return sendProblem(reply, 'internal', `Something went wrong on our side (request ${reply.request.id}).`);
}

export interface ErrorHandlingOptions {
  /**
   * Told of each database fault (server gone, connection lost, time limit, schema missing);
   * resolves whether it stands (false: not the database's state after all, answered as a 500).
   */
  onDatabaseFault?: (fault: DatabaseFault) => Promise<boolean>;
}

export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}) {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const fault = databaseFault(error);
    if (fault && ((await options.onDatabaseFault?.(fault)) ?? true)) {
      // The database's state, not a bug: 503 and a retry, logged without alarm.
      request.log.warn({ err: error, reqId: request.id, fault: fault.kind }, 'database fault');
      reply.header('retry-after', String(fault.retryAfter));
      return sendProblem(reply, 'unavailable', fault.detail);
    }
    const known = classify(error);
    if (known?.retryAfter !== undefined) reply.header('retry-after', String(Math.ceil(known.retryAfter)));
    if (known) return sendProblem(reply, known.code, known.detail, known.errors);
    request.log.error({ err: error, reqId: request.id }, 'unhandled error');
    return sendProblem(reply, 'internal', `Something went wrong on our side (request ${request.id}).`);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
  );
}
