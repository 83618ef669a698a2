/** Request and response schemas of the reports API; types are inferred from them. */
import { type Static, Type } from 'typebox';
import { Freshness } from '../analytics/read-guard.js';
import { TimelineFilters } from '../events/filters.js';
import { PermissionsField, PresentedShares, RelationField, SharedWithUsers } from '../sharing/fields.js';
import { DateRangeDefault } from '../timelines/fields.js';
import { DIMENSIONS, METRICS, VISUALIZATIONS } from './catalogue.js';

const list = (ids: string[]) => ids.join(', ');

/** Ids are strings checked against the catalogue (check-definition.ts), so a 400 can name the unknown one. */
export const ReportDefinition = Type.Object(
  {
    metrics: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      minItems: 1,
      maxItems: 12,
      description: `Metric ids, in column order: ${list(Object.keys(METRICS))}.`,
    }),
    dimensions: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: 2,
      description: `0–2 dimension ids: rows, then columns (series). ${list(Object.keys(DIMENSIONS))}; hour/day/week/month are calendar buckets in the run's time zone, gap-filled.`,
    }),
    filters: Type.Optional(
      Type.Omit(TimelineFilters, ['from', 'to', 'tz'], {
        additionalProperties: false,
        description: 'The timeline filters (the period is chosen per run; weekday/hour read in `tz`).',
      }),
    ),
    sort: Type.Optional(
      Type.Object(
        {
          by: Type.String({
            minLength: 1,
            maxLength: 64,
            description: 'A metric or dimension of the report.',
          }),
          order: Type.Enum(['asc', 'desc']),
        },
        { additionalProperties: false },
      ),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10_000, description: 'Most rows returned (default 1,000).' }),
    ),
    visualization: Type.String({
      minLength: 1,
      maxLength: 32,
      description: `One of ${VISUALIZATIONS.join(', ')}.`,
    }),
    period: Type.Optional(DateRangeDefault),
    tz: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: "IANA zone of buckets; default the company's.",
      }),
    ),
  },
  { additionalProperties: false, description: 'What a report computes and how it is drawn.' },
);
export type ReportDefinition = Static<typeof ReportDefinition>;

const fields = {
  report_name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'Not blank.' }),
  description: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
  definition: ReportDefinition,
  is_public: Type.Boolean({ description: 'Visible, read-only, to everyone in the company.' }),
  shared_with_users: SharedWithUsers,
};

export const ReportInput = Type.Object(
  {
    report_name: fields.report_name,
    definition: fields.definition,
    description: Type.Optional(fields.description),
    is_public: Type.Optional(fields.is_public),
    shared_with_users: Type.Optional(fields.shared_with_users),
  },
  { additionalProperties: false },
);
export type ReportInput = Static<typeof ReportInput>;

export const ReportPatch = Type.Partial(Type.Object(fields), {
  additionalProperties: false,
  minProperties: 1,
  description: 'Fields to replace. Sharing (is_public, shared_with_users) only by the owner or an admin.',
});
export type ReportPatch = Static<typeof ReportPatch>;

const dateTime = Type.String({ format: 'date-time' });
export const Report = Type.Object({
  id: Type.String(),
  user_id: Type.String({ description: 'The owner.' }),
  created_by_user_id: Type.String(),
  ...fields,
  shared_with_users: PresentedShares,
  version: Type.Integer({ description: 'Increments on every change; the ETag.' }),
  created_at: dateTime,
  updated_at: dateTime,
  relation: RelationField,
  permissions: PermissionsField,
});
export type Report = Static<typeof Report>;

export const DuplicateReportInput = Type.Object(
  { report_name: Type.Optional(fields.report_name) },
  { additionalProperties: false, description: 'A bodiless POST copies as "Copy of <name>".' },
);
export type DuplicateReportInput = Static<typeof DuplicateReportInput>;

export const ListReportsQuery = Type.Object(
  {
    relation: Type.Optional(Type.Enum(['mine', 'shared', 'public'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export const ListReportsResponse = Type.Object({ items: Type.Array(Report) });
export const ReportIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const runPeriod = {
  from: Type.Optional(TimelineFilters.properties.from),
  to: Type.Optional(TimelineFilters.properties.to),
  tz: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "IANA zone; default the report's." }),
  ),
};
export const RunReportQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Enum(['json', 'csv', 'xlsx', 'pdf'], {
        default: 'json',
        description:
          'json: the run; csv: its table; xlsx: a totals sheet and the table; pdf: totals, the chart (as on the page) and the table.',
      }),
    ),
    ...runPeriod,
  },
  { additionalProperties: false },
);
export type RunReportQuery = Static<typeof RunReportQuery>;

export const PreviewInput = Type.Object(
  { definition: ReportDefinition, ...runPeriod },
  { additionalProperties: false },
);
export type PreviewInput = Static<typeof PreviewInput>;

const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()]);
export const ReportColumn = Type.Object({
  key: Type.String({ description: 'The row property holding this column.' }),
  label: Type.String(),
  type: Type.Enum(['text', 'number', 'datetime', 'duration', 'percent'], {
    description: 'percent: a fraction 0–1; duration: in `unit`; datetime: ISO 8601 bucket start.',
  }),
  unit: Type.Optional(Type.String({ description: 'events, customers, minutes or fraction.' })),
  role: Type.Enum(['dimension', 'metric']),
});
export type ReportColumn = Static<typeof ReportColumn>;

export const RunResult = Type.Object(
  {
    title: Type.String(),
    subtitle: Type.String({ description: 'The period and zone, for humans.' }),
    columns: Type.Array(ReportColumn),
    rows: Type.Array(Type.Record(Type.String(), Cell), {
      description: 'One object per row, keyed by column key; dimension cells hold display labels.',
    }),
    keys: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])), {
      description: "Per row, each dimension's raw value (id, enum value or bucket start), for drill-down.",
    }),
    drill: Type.Array(
      Type.Union([
        Type.Object({
          from: dateTime,
          to: dateTime,
          filters: Type.Record(Type.String(), Type.Unknown(), {
            description: 'Timeline filters of the slice.',
          }),
        }),
        Type.Null(),
      ]),
      { description: 'Per row: the timeline slice it counts (null: a slice the timeline cannot filter to).' },
    ),
    totals: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]), {
      description:
        'Each metric over the whole selection (not the sum of rows for rates, medians, customers).',
    }),
    period: Type.Object({
      from: dateTime,
      to: dateTime,
      tz: Type.String(),
      bucket: Type.Union([Type.Enum(['hour', 'day', 'week', 'month']), Type.Null()]),
    }),
    visualization: Type.String(),
    dimensions: Type.Array(Type.String()),
    metrics: Type.Array(Type.String()),
    restricted: Type.Boolean({
      description: 'Rows of users or teams whose individual figures you may not see were left out.',
    }),
    truncated: Type.Boolean({ description: 'More rows than `limit` matched.' }),
    freshness: Type.Optional(Freshness),
  },
  { description: 'A report run: a table (columns + rows) every renderer and chart reads.' },
);
export type RunResult = Static<typeof RunResult>;
