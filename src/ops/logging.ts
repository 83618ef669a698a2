/**
 * The pino options of the server: LOG_LEVEL, JSON lines (pretty on a terminal), and nothing secret
 * in them. Fastify's request serializer logs method and URL only (no headers, no bodies); we also
 * mask credentials that can travel in a query string (EventSource cannot send headers).
 */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

const SECRET_PARAMS = /([?&](?:token|access_token|stream_token|api_key|password)=)[^&#]*/gi;

/** The URL with credential-like query parameters replaced by "[REDACTED]". */
export function maskUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[REDACTED]');
}

export function loggerOptions(config: Pick<Config, 'logLevel'>, pretty: boolean) {
  return {
    level: config.logLevel,
    // Belt and braces: if a line ever includes headers, credentials stay out of it.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        'headers.authorization',
        'headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
      ],
      censor: '[REDACTED]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: maskUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
        };
      },
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  };
}
