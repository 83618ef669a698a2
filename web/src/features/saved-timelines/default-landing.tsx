/**
 * Roles whose work is narrower than the company's land on their default timeline (my activity, my
 * team, compliance review, company activity for marketing) when they open the timeline without
 * asking for anything. "All activity" stays one choice away (`?range=all`).
 */
import { type ReactNode, useEffect } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { getClaims } from '../../api/session.js';
import { Spinner } from '../../components/states.js';
import { useDefaultTimelineQuery } from './api.js';

export const DEFAULT_TIMELINE_ROLES = ['rep', 'agent', 'team_lead', 'compliance', 'marketing'];

export function DefaultTimelineLanding({ children }: { children: ReactNode }) {
  const [params] = useSearchParams();
  const wants = params.size === 0 && DEFAULT_TIMELINE_ROLES.includes(getClaims()?.role ?? '');
  const timeline = useDefaultTimelineQuery(wants);
  const navigate = useNavigate();
  const id = wants ? timeline.data?.id : undefined;
  const { pathname, search } = useLocation();
  useEffect(() => {
    // The browser's own location, not the router's: a nav link clicked while the default timeline
    // was being looked up has already moved it, and the router renders that move as a transition,
    // during which this page is still mounted and would send the user back to the timeline.
    const moved = window.location.pathname !== pathname || window.location.search !== search;
    if (id === undefined || moved) return;
    void navigate(`/timeline?timeline=${id}`, { replace: true });
  }, [id, navigate, pathname, search]);
  if (!wants || timeline.error) return children;
  return <Spinner label="Opening your timeline" />;
}
