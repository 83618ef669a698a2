/** Schemas of the rollup rebuild job endpoints (POST and GET /analytics/rollups/rebuild). */
import { type Static, Type } from 'typebox';
import { REBUILD_STEPS } from '../rollups/rebuild.js';
import { WAITING_STEP } from '../rollups/rebuild-job-queries.js';
import { Nullable } from './common.js';

export const RebuildJobParams = Type.Object({
  jobId: Type.String({ format: 'uuid', description: 'The job id (from POST, or its Location header).' }),
});

const count = (description: string) => Type.Integer({ minimum: 0, description });

export const RebuildJob = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Enum(['queued', 'running', 'succeeded', 'failed'], {
    description: 'queued → running → succeeded | failed.',
  }),
  tz: Type.String({ description: 'IANA zone the day rows are rebuilt in: the company’s zone when asked.' }),
  progress: Type.Object(
    {
      step: Type.Enum([WAITING_STEP, ...REBUILD_STEPS], {
        description: `The step running now, in this order: ${REBUILD_STEPS.join(', ')}; once the job ended, its last step (the one that failed, for a failed job).`,
      }),
      steps_done: Type.Integer({ minimum: 0 }),
      steps_total: Type.Integer({ minimum: 1 }),
      percent: Type.Integer({
        minimum: 0,
        maximum: 100,
        description: 'steps_done ÷ steps_total, rounded down: a share of the steps, not of the time.',
      }),
    },
    { description: 'Live while the job runs (steps of the one rebuild transaction).' },
  ),
  created_at: Type.String({ format: 'date-time' }),
  started_at: Nullable(Type.String({ format: 'date-time' })),
  finished_at: Nullable(Type.String({ format: 'date-time' })),
  result: Nullable(
    Type.Object(
      {
        daily_rows: count('Rows of analytics_daily (per local day in tz).'),
        user_daily_rows: count('Rows of analytics_user_daily.'),
        hourly_rows: count('Rows of analytics_hourly (per UTC hour).'),
        user_hourly_rows: count('Rows of analytics_user_hourly.'),
        response_pairs: count('Rows of analytics_response_pairs (live inbound events).'),
      },
      { description: 'The company’s rollup row counts after the rebuild; null unless succeeded.' },
    ),
  ),
  error: Nullable(Type.String({ description: 'Why the rebuild failed (a message); null unless failed.' })),
});
export type RebuildJob = Static<typeof RebuildJob>;
