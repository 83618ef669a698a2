/** Request and response schemas of the exports API; types are inferred from them. */
import { type Static, Type } from 'typebox';
import { DashboardQuery } from '../dashboards/schema.js';
import { filterProperties } from '../events/filters.js';
import { ListEventsQuery } from '../events/schema.js';
import { DEFAULT_EVENT_COLUMNS, EVENT_COLUMNS_DOC } from './event-columns.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const exportFormat = Type.Enum(['csv', 'xlsx', 'pdf'], { description: 'File format.' });

/** The events list's filters (the same schema as GET /events) plus what an export adds. */
export const ExportEventsQuery = Type.Object(
  {
    ...filterProperties,
    order: ListEventsQuery.properties.order,
    unanswered: ListEventsQuery.properties.unanswered,
    format: Type.Optional(Type.Enum(['csv', 'xlsx', 'pdf'], { default: 'csv', description: 'File format.' })),
    columns: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 50,
        description: `Columns in order (comma-separated); default ${DEFAULT_EVENT_COLUMNS.join(',')}. The catalogue: ${EVENT_COLUMNS_DOC}.`,
      }),
    ),
    bom: Type.Optional(
      Type.Boolean({ default: false, description: 'CSV: start with a UTF-8 byte-order mark (for Excel).' }),
    ),
    timeline: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'A saved timeline: its filters apply and the request filters narrow them.',
      }),
    ),
    saved_filter: Type.Optional(
      Type.String({ format: 'uuid', description: "With timeline: one of the timeline's saved_filters." }),
    ),
  },
  { additionalProperties: false },
);
export type ExportEventsQuery = Static<typeof ExportEventsQuery>;

export const DashboardExportQuery = Type.Object(
  {
    ...DashboardQuery.properties,
    format: Type.Optional(
      Type.Enum(['json', 'pdf', 'xlsx'], {
        default: 'json',
        description: 'json (default), or the dashboard as a PDF (KPI tiles, charts) or an Excel workbook.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const DASHBOARD_KINDS = ['executive', 'team', 'me'] as const;

export const ExportJobInput = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('events'),
        format: exportFormat,
        params: Type.Optional(
          Type.Record(Type.String(), Type.Unknown(), {
            description: 'The query of GET /events/export (filters, columns, bom, tz, timeline), as JSON.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('dashboard'),
        format: Type.Enum(['pdf', 'xlsx']),
        params: Type.Object(
          {
            dashboard: Type.Enum(DASHBOARD_KINDS),
            team_id: Type.Optional(Type.String({ format: 'uuid', description: 'For dashboard=team.' })),
            query: Type.Optional(
              Type.Record(Type.String(), Type.Unknown(), { description: 'from, to, tz, bucket, compare.' }),
            ),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'What to export: a timeline view (kind=events) or a dashboard.' },
);
export type ExportJobInput = Static<typeof ExportJobInput>;

export const ExportJob = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Enum(['events', 'dashboard']),
  format: exportFormat,
  status: Type.Enum(['queued', 'running', 'done', 'failed', 'expired']),
  rows_done: Type.Integer({ description: 'Rows written so far.' }),
  rows_total: Nullable(Type.Integer({ description: 'Rows the export will hold (counted when it starts).' })),
  error: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  finished_at: Nullable(Type.String({ format: 'date-time' })),
  expires_at: Nullable(
    Type.String({ format: 'date-time', description: 'When the download link and file expire.' }),
  ),
  download_url: Nullable(
    Type.String({
      description: 'GET it with your token while the job is done and not expired (EXPORT_LINK_TTL).',
    }),
  ),
});
export type ExportJob = Static<typeof ExportJob>;

export const ExportJobParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const FileResponse = Type.String({
  description:
    'The file (text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/pdf).',
});
