/** KPI 5, Team productivity: request and response schemas (descriptions carry the definitions). */
import { type Static, Type } from 'typebox';
import { OUTCOMES } from '../../events/catalogue.js';
import { analyticsProperties, PeriodInfo } from '../params.js';
import { Change, Counts, Nullable, Restricted } from './common.js';

export const successProperty = Type.Optional(
  Type.Array(Type.Enum(OUTCOMES), {
    maxItems: OUTCOMES.length,
    description:
      'Outcomes that count as a success in outcome rates; default connected, replied, meeting_booked, deal_won, resolved, completed.',
  }),
);

export const ProductivityQuery = Type.Object(
  { ...analyticsProperties, success: successProperty },
  { additionalProperties: false },
);
export type ProductivityQuery = Static<typeof ProductivityQuery>;

const figures = {
  activities: Type.Integer({
    description: 'Non-deleted events in [from, to) matching the filters (events).',
  }),
  activities_change: Change,
  by_type: Counts('Activities per activity type (events).'),
  duration_minutes: Type.Number({
    description: 'Sum of duration_minutes; events without one add 0 (minutes).',
  }),
  customers_touched: Type.Integer({ description: 'Distinct customers with at least one of these events.' }),
  tasks_completed: Type.Integer({ description: 'Events of type task with status completed.' }),
  with_outcome: Type.Integer({ description: 'Events with an event_data.outcome.' }),
  successes: Type.Integer({ description: 'Events whose outcome is in `success`.' }),
  outcome_rate: Nullable(
    Type.Number({
      description: 'successes ÷ with_outcome (fraction 0–1); null when no outcome was recorded.',
    }),
  ),
  median_response_minutes: Nullable(
    Type.Number({
      description:
        'Median minutes from an inbound event to its first later outbound reply (KPI 2 pairing, 7-day window, calendar minutes) over the replies by this user / team, for inbound events in the period matching the filters (the same figure as this user’s / team’s row of /analytics/response-times); null when none.',
    }),
  ),
};

const Member = Type.Object({
  user_id: Type.String(),
  name: Nullable(Type.String()),
  team_id: Type.String({ description: 'The user’s current team; "unknown" when none.' }),
  ...figures,
  rank: Type.Integer({
    description: 'Rank by activities within the team, 1 = most; ties share a rank (1, 1, 3).',
  }),
  deviation: Type.Number({ description: 'activities − the team’s mean activities per member (events).' }),
  deviation_relative: Nullable(
    Type.Number({ description: 'deviation ÷ team mean; null when the mean is 0.' }),
  ),
  share: Nullable(Type.Number({ description: 'activities ÷ team activities (workload share, 0–1).' })),
});

const User = Type.Object({
  user_id: Type.String(),
  name: Nullable(Type.String()),
  team_id: Type.String(),
  ...figures,
});

const Team = Type.Object({
  team_id: Type.String({
    description: 'Team id; "unknown" gathers users without a team or unknown to the directory.',
  }),
  name: Nullable(Type.String()),
  ...figures,
  member_count: Type.Integer({
    description: 'Members: active users of the team in the directory plus any user with events here.',
  }),
  mean_activities: Type.Number({ description: 'activities ÷ member_count (events per member).' }),
  gini: Nullable(
    Type.Number({
      description:
        'Workload balance: Gini coefficient of members’ activities, Σᵢ Σⱼ |xᵢ − xⱼ| ÷ (2 n² mean); 0 = even, (n−1)/n = one member does all; null when the team has no activity.',
    }),
  ),
  members: Type.Array(Member, { description: 'Members by activities, most first.' }),
});

export const ProductivityResponse = Type.Object({
  period: PeriodInfo,
  success_outcomes: Type.Array(Type.String()),
  restricted: Restricted,
  totals: Type.Object(figures, { description: 'Company totals over everything matching the filters.' }),
  users: Type.Array(User, { description: 'Users you may see, most activities first.' }),
  teams: Type.Array(Team, { description: 'Teams you may see, most activities first.' }),
});
export type ProductivityResponse = Static<typeof ProductivityResponse>;
