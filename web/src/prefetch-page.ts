/**
 * A page opened directly (a link, a reload) asks for its first data at once, in parallel with
 * loading its code (#16): the page's own queries, with the same keys, so it finds them in the cache
 * instead of asking only once its code has come and rendered. Navigation inside the app needs none
 * of this: the code of the next page is all that is missing then.
 */
import type { QueryClient } from '@tanstack/react-query';
import { analyticsQueryOptions } from './api/analytics-query.js';
import { apiFetch } from './api/client.js';
import { keys } from './api/keys.js';
import { getClaims, getPersona } from './api/session.js';
import { dashboardQueryOptions } from './api/useDashboardQuery.js';
import { customerQueryOptions, teamsQueryOptions } from './api/useDirectoryQuery.js';
import { eventsQueryOptions } from './api/useEventsQuery.js';
import { histogramQueryOptions } from './api/useHistogramQuery.js';
import { INDIVIDUAL_ROLES } from './components/shell.js';
import { DEFAULT_RANGE, periodFrom } from './features/dashboards/period-range.js';
import { readFilters, toListQuery } from './features/filters/url-filters.js';
import { defaultTimelineQueryOptions, prefetchTimeline } from './features/saved-timelines/api.js';
import { DEFAULT_TIMELINE_ROLES } from './features/saved-timelines/default-landing.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function prefetchPage(
  client: QueryClient,
  { pathname, search }: { pathname: string; search: string },
) {
  const params = new URLSearchParams(search);
  if (pathname === '/timeline') return prefetchTimelinePage(client, params);
  const from = periodFrom(params.get('range') ?? DEFAULT_RANGE);
  const dashboard = (path: string, query: Record<string, string | undefined>) =>
    void client.prefetchQuery(dashboardQueryOptions(path, { from, compare: 'previous', ...query }));
  if (pathname === '/dashboards/executive') {
    dashboard('executive', {});
    void client.prefetchQuery(teamsQueryOptions());
    return;
  }
  if (pathname === '/me') {
    // The page's zone (my-activity-page.tsx): the browser's.
    dashboard('me', { tz: Intl.DateTimeFormat().resolvedOptions().timeZone });
    return;
  }
  const team = /^\/dashboards\/team(?:\/([^/]+))?\/?$/.exec(pathname);
  if (team && !INDIVIDUAL_ROLES.includes(getClaims()?.role ?? '')) {
    void client.prefetchQuery(teamsQueryOptions());
    const teamId = team[1] ?? getPersona()?.team_id;
    if (teamId) dashboard(`team/${teamId}`, {});
    return;
  }
  const customer = /^\/customers\/([^/]+)$/.exec(pathname)?.[1];
  if (customer && UUID.test(customer)) {
    // customer-page.tsx's queries, all at once (the page asks for the figures once the customer is in).
    const scope = { customer_id: [customer], from };
    void client.prefetchQuery(customerQueryOptions(customer));
    void client.prefetchQuery(histogramQueryOptions(scope, 'auto', undefined, undefined));
    void client.prefetchQuery(analyticsQueryOptions('response-times', scope));
    void client.prefetchQuery(analyticsQueryOptions('journey', { ...scope, max_length: 3, limit: 10 }));
  }
}

function prefetchTimelinePage(client: QueryClient, params: URLSearchParams) {
  // The display zone first (two small answers the page waits for), then the list and the strip.
  void client.prefetchQuery({ queryKey: keys.me.preferences, queryFn: () => apiFetch('/me/preferences') });
  void client.prefetchQuery({
    queryKey: keys.company.settings,
    queryFn: () => apiFetch('/company/settings'),
  });
  const filters = readFilters(params);
  const saved = params.get('timeline');
  // A saved timeline opened by its link alone: its row, first page and strip (the page's keys).
  if (saved && params.size === 1) {
    prefetchTimeline(client, saved);
    void client.prefetchQuery(histogramQueryOptions({}, 'auto', saved, undefined));
    return;
  }
  // A bare /timeline opens some roles' default timeline: which one, then the same.
  if (params.size === 0 && DEFAULT_TIMELINE_ROLES.includes(getClaims()?.role ?? '')) {
    void client.fetchQuery(defaultTimelineQueryOptions).then(
      (t) => {
        prefetchTimeline(client, t.id);
        void client.prefetchQuery(histogramQueryOptions({}, 'auto', t.id, undefined));
      },
      () => undefined, // the page shows the error when it asks
    );
    return;
  }
  if (saved) return;
  void client.prefetchInfiniteQuery(eventsQueryOptions(toListQuery(filters)));
  // The overview strip at the same time (its whole period, in the company's zone: no tz).
  if (!filters.from && !filters.to)
    void client.prefetchQuery(histogramQueryOptions(toListQuery(filters), 'auto', undefined, undefined));
}
