/** GET/PUT /retention: the company's retention settings and what the next purge would remove. */
import { type Static, Type } from 'typebox';

const DeletedDays = Type.Integer({
  minimum: 1,
  maximum: 36500,
  description: 'Days a soft-deleted event is kept after its deletion before the purge removes it for good.',
});
const Years = Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()], {
  description: 'Events whose time is older than this many years are purged; null keeps them.',
});

export const RetentionPatch = Type.Object(
  { retention_deleted_days: Type.Optional(DeletedDays), retention_years: Type.Optional(Years) },
  { additionalProperties: false, minProperties: 1 },
);

export const RetentionResponse = Type.Object({
  retention_deleted_days: DeletedDays,
  retention_years: Years,
  interval_minutes: Type.Integer({
    description: 'Minutes between purge runs in this server (0: only `crm-timeline purge` runs them).',
  }),
  next_purge: Type.Object(
    {
      soft_deleted: Type.Integer({
        description: 'Soft-deleted events past the delay, removed by a run now.',
      }),
      expired: Type.Integer({ description: 'Events older than retention_years, removed by a run now.' }),
      deleted_before: Type.String({ format: 'date-time', description: 'Deleted before this: purged.' }),
      older_than: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description: 'Events dated before this are purged; null when retention_years is null.',
      }),
    },
    { description: 'What a purge run now would remove (counted now; events keep ageing).' },
  ),
  last_purge: Type.Union(
    [
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        count: Type.Integer({ description: 'Events removed by that chunk.' }),
        audit_id: Type.Integer(),
      }),
      Type.Null(),
    ],
    { description: 'The latest retention.purge audit entry of the company, or null.' },
  ),
});

export const PurgeResponse = Type.Object({
  removed: Type.Integer({ description: 'Events removed for good by this run.' }),
  soft_deleted: Type.Integer({ description: 'Of those, soft-deleted events past the delay.' }),
  expired: Type.Integer({ description: 'Of those, events older than retention_years.' }),
  audit_ids: Type.Array(Type.Integer(), {
    description:
      'The retention.purge audit entry of each chunk of up to 5,000 events (none when nothing was removed).',
  }),
});

export type PurgeResponse = Static<typeof PurgeResponse>;
export type RetentionPatch = Static<typeof RetentionPatch>;
export type RetentionResponse = Static<typeof RetentionResponse>;
