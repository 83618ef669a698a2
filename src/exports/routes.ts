/** GET /events/export: a timeline view as CSV, Excel or PDF, streamed page by page. */
import type { FastifyReply } from 'fastify';
import { problem } from '../analytics/schemas/common.js';
import type { AppInstance } from '../app.js';
import { STREAMED_FILE_COMPRESSION } from '../http/compression.js';
import { EVENT_COLUMNS_DOC } from './event-columns.js';
import { eventsTableSpec, resolveEventsExport } from './events-export.js';
import { CONTENT_TYPES, exportFileName, renderTable } from './render.js';
import { ExportEventsQuery, FileResponse } from './schema.js';
import type { ExportFormat } from './table.js';

const tags = ['exports'];

/** Aborts when the client goes away before the reply finished, so the export stops reading. */
export function disconnectSignal(reply: FastifyReply): AbortSignal {
  const abort = new AbortController();
  // The response closes either when it finished or when the connection went away first.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  return abort.signal;
}

/** Headers of a file download. */
export function attachment(reply: FastifyReply, format: ExportFormat, name: string) {
  reply.header('content-type', CONTENT_TYPES[format]);
  reply.header('content-disposition', `attachment; filename="${name}"`);
  reply.header('cache-control', 'no-store');
}

export function registerExportRoutes(app: AppInstance) {
  app.get(
    '/events/export',
    {
      // Exports read for as long as they stream: the per-request read deadline would cut a large
      // one off. Each page is one short statement; the client going away stops the export.
      config: { statementLimits: false },
      compress: STREAMED_FILE_COMPRESSION,
      schema: {
        tags,
        summary:
          'Export a timeline view (the filters of GET /events, or a saved timeline) as CSV, Excel or PDF',
        description: `Streams every matching event you may see (company setting activity_visibility), newest first unless order=asc, read in keyset pages (constant memory). Datetimes are ISO 8601 in \`tz\` (default the company's zone); CSV is RFC 4180 UTF-8 with text cells that start with = + - @, tab or CR prefixed with a quote. Columns: ${EVENT_COLUMNS_DOC}. For large exports in the background, POST /exports.`,
        querystring: ExportEventsQuery,
        produces: Object.values(CONTENT_TYPES),
        response: { 200: FileResponse, 400: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const resolved = await resolveEventsExport(request.scope, request.user, request.query);
      const generatedAt = new Date();
      // HEAD (Fastify answers it with this handler) checks the request, not a whole export's worth of reads.
      if (request.method === 'HEAD') {
        attachment(reply, resolved.format, exportFileName('events', resolved.format, generatedAt));
        return reply.send('');
      }
      const spec = eventsTableSpec(request.scope, resolved, {
        pageRows: app.ctx.config.exports.pageRows,
        signal: disconnectSignal(reply),
        generatedAt,
      });
      attachment(reply, resolved.format, exportFileName('events', resolved.format, generatedAt));
      return reply.send(renderTable(resolved.format, spec, { bom: resolved.bom }));
    },
  );
}
