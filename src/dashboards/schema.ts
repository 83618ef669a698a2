/** Dashboard bundles: request and response schemas. Each section is the matching KPI endpoint's answer. */
import { type Static, Type } from 'typebox';
import { analyticsProperties, PeriodInfo } from '../analytics/params.js';
import { EffectivenessResponse } from '../analytics/schemas/effectiveness.js';
import { EngagementResponse } from '../analytics/schemas/engagement.js';
import { PatternsResponse } from '../analytics/schemas/patterns.js';
import { ProductivityResponse } from '../analytics/schemas/productivity.js';
import { RealtimeResponse } from '../analytics/schemas/realtime.js';
import { ResponseTimesResponse } from '../analytics/schemas/response-times.js';
import { VolumeResponse } from '../analytics/schemas/volume.js';

export const DashboardQuery = Type.Object(
  {
    from: analyticsProperties.from,
    to: analyticsProperties.to,
    tz: analyticsProperties.tz,
    bucket: analyticsProperties.bucket,
    compare: Type.Optional(
      Type.Enum(['none', 'previous'], {
        default: 'previous',
        description: 'Dashboards compare with the previous period of equal length unless compare=none.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

export const TeamParams = Type.Object({ teamId: Type.String({ format: 'uuid' }) });

const Mover = Type.Object({
  dimension: Type.String({ description: 'type, source, team or user.' }),
  key: Type.String(),
  current: Type.Number({ description: 'Activities (events) in the period.' }),
  previous: Type.Number({ description: 'Activities in the previous period of equal length.' }),
  absolute: Type.Number({ description: 'current − previous (events).' }),
  relative: Type.Union([Type.Number(), Type.Null()], {
    description: '(current − previous) ÷ previous; null when 0.',
  }),
});
const TopMovers = Type.Array(Mover, {
  description:
    'Breakdown rows with the largest absolute change in activities against the previous period: at most 5 gains (largest first), then at most 5 losses (largest first); a row with the same current and previous figures as one already listed (another dimension of the same events) is left out; empty when compare=none.',
});
const Alerts = Type.Array(Type.Unknown(), {
  description: 'Placeholder for the alerts feature: always [] for now.',
});

const common = {
  kind: Type.Enum(['executive', 'team', 'me']),
  period: PeriodInfo,
  volume: VolumeResponse,
  channels: VolumeResponse,
  response_times: ResponseTimesResponse,
  productivity: ProductivityResponse,
  effectiveness: EffectivenessResponse,
  realtime: RealtimeResponse,
  top_movers: TopMovers,
  alerts: Alerts,
};

export const ExecutiveDashboard = Type.Object(
  { ...common, engagement: EngagementResponse },
  { description: 'Company-wide: trends by type, channels by source, engagement, teams, outcomes.' },
);
export const TeamDashboard = Type.Object(
  {
    ...common,
    team: Type.Object({
      id: Type.String(),
      name: Type.String(),
      lead_user_id: Type.Union([Type.String(), Type.Null()]),
    }),
    engagement: EngagementResponse,
  },
  { description: 'One team: its members’ contributions, workload balance, response times and outcomes.' },
);
export const MeDashboard = Type.Object(
  {
    ...common,
    user_id: Type.String(),
    patterns: PatternsResponse,
    standing: Type.Union(
      [
        Type.Object({
          team_id: Type.String(),
          member_count: Type.Integer(),
          rank: Type.Integer({ description: 'Your rank by activities in your team (1 = most; ties share).' }),
          deviation: Type.Number({ description: 'Your activities − the team mean (events).' }),
          deviation_relative: Type.Union([Type.Number(), Type.Null()]),
          share: Type.Union([Type.Number(), Type.Null()], {
            description: 'Your share of the team’s activities.',
          }),
        }),
        Type.Null(),
      ],
      { description: 'Your standing in your team over the period; null without a team.' },
    ),
  },
  {
    description:
      'The caller’s own figures; productivity includes their rank and deviation within their team.',
  },
);
export type ExecutiveDashboard = Static<typeof ExecutiveDashboard>;
export type TeamDashboard = Static<typeof TeamDashboard>;
export type MeDashboard = Static<typeof MeDashboard>;
