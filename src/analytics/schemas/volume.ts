/** KPI 1, Volume: request and response schemas. */
import { type Static, Type } from 'typebox';
import { analyticsProperties, PeriodInfo } from '../params.js';
import { DIMENSIONS, METRICS } from '../queries/count-by-bucket.js';
import { AnsweredFrom, Change, Counts, Nullable, Restricted } from './common.js';

export const VolumeQuery = Type.Object(
  {
    ...analyticsProperties,
    dimension: Type.Optional(
      Type.Enum(DIMENSIONS, {
        default: 'type',
        description:
          'Breakdown: type, source, user (owning user id), team (the owning user’s current team), segment (the customer’s segment), direction, priority, status, or none. Missing values are "unknown".',
      }),
    ),
    metric: Type.Optional(
      Type.Enum(METRICS, {
        default: 'events',
        description:
          'events: number of non-deleted events; duration_minutes: sum of duration_minutes (null counts 0).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type VolumeQuery = Static<typeof VolumeQuery>;

const Buckets = Type.Array(
  Type.Object({
    start: Type.String({
      format: 'date-time',
      description: 'Bucket start: the local calendar boundary in tz, as an instant.',
    }),
    total: Type.Number({ description: 'All events of the bucket (in `unit`).' }),
    by: Counts('Value per dimension key in this bucket (keys with 0 omitted).'),
  }),
);

export const VolumeResponse = Type.Object({
  period: PeriodInfo,
  metric: Type.Enum(METRICS),
  unit: Type.Enum(['events', 'minutes'], { description: 'Unit of every number below.' }),
  dimension: Type.Enum(DIMENSIONS),
  answered_from: AnsweredFrom,
  restricted: Restricted,
  total: Type.Number({ description: 'Total over the period (all keys, including ones you may not see).' }),
  total_change: Change,
  by: Type.Array(Type.Object({ key: Type.String(), value: Type.Number(), change: Change }), {
    description: 'Per dimension key over the whole period, largest first.',
  }),
  buckets: Buckets,
  previous: Nullable(
    Type.Object(
      { total: Type.Number(), by: Counts('Per key in the previous period.'), buckets: Buckets },
      { description: 'The previous period of equal length (compare=previous).' },
    ),
  ),
});
export type VolumeResponse = Static<typeof VolumeResponse>;
