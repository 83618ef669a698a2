/** The company setting `activity_visibility`: the organisation-wide default of who reads whose activity. */
import { type Static, Type } from 'typebox';

export const ACTIVITY_VISIBILITY = ['company', 'team'] as const;

export const ActivityVisibility = Type.Enum(ACTIVITY_VISIBILITY, {
  default: 'company',
  description:
    "Who reads whose activity. `company` (default): every employee reads all of the company's activity. " +
    "`team`: rep and agent read their own and their team's, team_lead their teams', marketing, executive, " +
    'compliance and admin everything; integration tokens read everything. Applies to every read path: ' +
    'timeline, drill-down, histogram, live stream, saved timelines, analytics and dashboards.',
});
export type ActivityVisibility = Static<typeof ActivityVisibility>;
