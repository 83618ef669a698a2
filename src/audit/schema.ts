/** Request and response schemas of /audit, /audit/verify and /audit/completeness. */
import { type Static, Type } from 'typebox';
import { filterInstant } from '../events/filters.js';

const uuid = Type.String({ format: 'uuid' });
// The filters' instant: a range PostgreSQL and JavaScript both hold, no leap second (events/filters.ts).
const dateTime = (description: string) => Type.Optional(filterInstant(description));
const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ListAuditQuery = Type.Object(
  {
    user_id: Type.Optional(uuid),
    action: Type.Optional(Type.String({ maxLength: 100, description: 'Exact action, e.g. event.update.' })),
    object_type: Type.Optional(Type.String({ maxLength: 50 })),
    object_id: Type.Optional(Type.String({ maxLength: 200, description: 'An id the entry names.' })),
    from: dateTime('Entries at or after this instant.'),
    to: dateTime('Entries before this instant.'),
    before_id: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Keyset cursor: entries older than this id (next_before_id).',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
  },
  { additionalProperties: false },
);

export const AuditEntry = Type.Object({
  id: Type.Integer({ description: "Position in the company's chain (1, 2, 3…)." }),
  at: Type.String({ format: 'date-time' }),
  user_id: nullable(Type.String()),
  actor_role: Type.String(),
  token_id: nullable(Type.String()),
  ip: nullable(Type.String()),
  user_agent: nullable(Type.String()),
  request_id: nullable(Type.String()),
  action: Type.String(),
  object_type: Type.String(),
  object_ids: Type.Array(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown(), {
    description:
      'Counts and parameters; `changes: {field: {before, after}}` for updates (content fields as digests).',
  }),
  event_count: Type.Integer(),
  prev_hash: Type.String(),
  hash: Type.String(),
});

export const ListAuditResponse = Type.Object({
  entries: Type.Array(AuditEntry),
  next_before_id: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Pass as before_id for the next page.',
  }),
});

export const RangeQuery = Type.Object(
  {
    from: dateTime('Start (inclusive); default: the first entry.'),
    to: dateTime('End (exclusive); default: now.'),
  },
  { additionalProperties: false },
);

export const VerifyResponse = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'Entries recomputed.' }),
  head: Type.Union([Type.Object({ id: Type.Integer(), hash: Type.String() }), Type.Null()], {
    description: "The company's last entry: record it elsewhere to detect a rewrite of the whole chain.",
  }),
  first_broken: Type.Union([
    Type.Object({
      id: Type.Integer({ description: 'Chain position of the first entry that does not verify.' }),
      position: Type.Integer({ description: 'Its position among the entries checked (1-based).' }),
      reason: Type.Union([
        Type.Literal('hash_mismatch'),
        Type.Literal('prev_hash_mismatch'),
        Type.Literal('missing_entry'),
        Type.Literal('head_mismatch'),
      ]),
      expected: Type.String(),
      stored: Type.String(),
    }),
    Type.Null(),
  ]),
});

export const CompletenessResponse = Type.Object({
  timezone: Type.String(),
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date' }),
      ingested: Type.Integer({ description: 'Events stored that day (still present, deleted or not).' }),
      covered: Type.Integer({ description: 'Events named by that day’s ingest audit entries.' }),
      gap: Type.Boolean({ description: 'More events stored than audited.' }),
    }),
  ),
  gaps: Type.Integer(),
});

export type ListAuditQuery = Static<typeof ListAuditQuery>;
export type AuditEntryOut = Static<typeof AuditEntry>;
export type VerifyResponse = Static<typeof VerifyResponse>;
export type RangeQuery = Static<typeof RangeQuery>;
