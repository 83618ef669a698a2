/** KPI 2, Response time: request and response schemas. */
import { type Static, Type } from 'typebox';
import { analyticsProperties, PeriodInfo } from '../params.js';
import { Change, Nullable, Restricted } from './common.js';

export const ResponseTimesQuery = Type.Object(
  {
    ...analyticsProperties,
    window_days: Type.Optional(
      Type.Number({
        minimum: 0.001,
        maximum: 90,
        default: 7,
        description: 'An inbound event without a reply within this many days (calendar time) is unanswered.',
      }),
    ),
    hours: Type.Optional(
      Type.Enum(['calendar', 'business'], {
        default: 'calendar',
        description:
          "calendar: elapsed minutes; business: only minutes inside the company's working calendar (days, start–end) in the company's time zone.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type ResponseTimesQuery = Static<typeof ResponseTimesQuery>;

const minutes = (what: string) =>
  Nullable(
    Type.Number({
      description: `${what} of the response times of answered events, in minutes; null when none.`,
    }),
  );

export const ResponseStats = Type.Object({
  answered: Type.Integer({ description: 'Inbound events with a reply within the window.' }),
  unanswered: Nullable(
    Type.Integer({
      description:
        'Inbound events without a reply within the window (or none yet); null for groups by responding user/team.',
    }),
  ),
  mean_minutes: minutes('Arithmetic mean'),
  median_minutes: minutes('Median (linear interpolation, as percentile_cont(0.5))'),
  p90_minutes: minutes('90th percentile (linear interpolation, as percentile_cont(0.9))'),
});
export type ResponseStats = Static<typeof ResponseStats>;

const Group = (description: string) =>
  Type.Array(Type.Intersect([Type.Object({ key: Type.String() }), ResponseStats]), { description });

export const ResponseTimesResponse = Type.Object({
  period: PeriodInfo,
  unit: Type.Literal('minutes'),
  hours: Type.Enum(['calendar', 'business']),
  window_days: Type.Number(),
  working_calendar: Nullable(
    Type.Object({
      tz: Type.String(),
      days: Type.Array(Type.Integer()),
      start: Type.String(),
      end: Type.String(),
    }),
  ),
  overall: ResponseStats,
  change: Nullable(
    Type.Object({
      answered: Change,
      unanswered: Change,
      mean_minutes: Change,
      median_minutes: Change,
      p90_minutes: Change,
    }),
  ),
  previous: Nullable(ResponseStats),
  by_type: Group('By the inbound event’s type (channel).'),
  by_source: Group('By the inbound event’s source.'),
  by_user: Group('By the responding user (answered events only).'),
  by_team: Group('By the responding user’s team ("unknown" when not in the directory).'),
  restricted: Restricted,
});
export type ResponseTimesResponse = Static<typeof ResponseTimesResponse>;
