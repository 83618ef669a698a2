/**
 * `application/x-ndjson` bodies: one JSON value per line. A malformed line does not fail the whole
 * request; it becomes an item the batch ingest reports as invalid, at its own index.
 */
import type { FastifyInstance } from 'fastify';

export class MalformedLine {
  constructor(
    readonly line: number,
    readonly message: string,
  ) {}
}

export function parseNdjson(text: string): unknown[] {
  const items: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    try {
      items.push(JSON.parse(line));
    } catch (error) {
      items.push(new MalformedLine(i + 1, (error as Error).message));
    }
  }
  return items;
}

export function registerNdjson(app: FastifyInstance) {
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseNdjson(body as string));
  });
}
