import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError, apiFetch } from './api/client.js';
import { acceptHandOff, getClaims, getToken } from './api/session.js';
import { eventsQueryOptions } from './api/useEventsQuery.js';
import { histogramQueryOptions } from './api/useHistogramQuery.js';
import { App } from './app.js';
import { readFilters, toListQuery } from './features/filters/url-filters.js';
import { DEFAULT_TIMELINE_ROLES } from './features/saved-timelines/default-landing.js';
import './styles.css';
import { keys } from './api/keys.js';

acceptHandOff();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors (bad filter, no access) will not get better by retrying.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

// First load of the timeline: ask for the first page now, in parallel with loading the page's code.
const params = new URLSearchParams(window.location.search);
if (window.location.pathname === '/timeline' && getToken()) {
  // The display zone first (two small answers the page waits for), then the list and the strip.
  void queryClient.prefetchQuery({
    queryKey: keys.me.preferences,
    queryFn: () => apiFetch('/me/preferences'),
  });
  void queryClient.prefetchQuery({
    queryKey: keys.company.settings,
    queryFn: () => apiFetch('/company/settings'),
  });
  const filters = readFilters(params);
  // A saved timeline reads other endpoints; a bare /timeline opens some roles' default timeline.
  const landing = params.size === 0 && DEFAULT_TIMELINE_ROLES.includes(getClaims()?.role ?? '');
  if (!params.has('timeline') && !landing) {
    void queryClient.prefetchInfiniteQuery(eventsQueryOptions(toListQuery(filters)));
    // The overview strip at the same time (its whole period, in the company's zone: no tz).
    if (!filters.from && !filters.to)
      void queryClient.prefetchQuery(
        histogramQueryOptions(toListQuery(filters), 'auto', undefined, undefined),
      );
  }
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
