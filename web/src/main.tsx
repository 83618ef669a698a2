import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client.js';
import { acceptHandOff, getToken } from './api/session.js';
import { eventsQueryOptions } from './api/useEventsQuery.js';
import { App } from './app.js';
import { readFilters, toApiFilters } from './features/filters/url-filters.js';
import './styles.css';

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
if (window.location.pathname === '/timeline' && getToken() && !params.has('timeline')) {
  void queryClient.prefetchInfiniteQuery(eventsQueryOptions(toApiFilters(readFilters(params))));
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
