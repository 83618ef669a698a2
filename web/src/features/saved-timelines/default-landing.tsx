/**
 * Roles whose work is narrower than the company's land on their default timeline (my activity, my
 * team, compliance review, company activity for marketing) when they open the timeline without
 * asking for anything. "All activity" stays one choice away (`?range=all`).
 */
import type { ReactNode } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { getClaims } from '../../api/session.js';
import { Spinner } from '../../components/states.js';
import { useDefaultTimelineQuery } from './api.js';

export const DEFAULT_TIMELINE_ROLES = ['rep', 'agent', 'team_lead', 'compliance', 'marketing'];

export function DefaultTimelineLanding({ children }: { children: ReactNode }) {
  const [params] = useSearchParams();
  const wants = params.size === 0 && DEFAULT_TIMELINE_ROLES.includes(getClaims()?.role ?? '');
  const timeline = useDefaultTimelineQuery(wants);
  if (!wants || timeline.error) return children;
  if (timeline.data) return <Navigate to={`/timeline?timeline=${timeline.data.id}`} replace />;
  return <Spinner label="Opening your timeline" />;
}
