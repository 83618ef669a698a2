/** Routes: sign-in when there is no token, otherwise the shell with one lazily loaded page per route. */
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { getToken, onTokenChange } from './api/session.js';
import { ScrollReset } from './components/scroll-reset.js';
import { Shell } from './components/shell.js';
import { Spinner } from './components/states.js';

const SignInPage = lazy(() => import('./pages/sign-in-page.js').then((m) => ({ default: m.SignInPage })));
const TimelinePage = lazy(() =>
  import('./pages/timeline-page.js').then((m) => ({ default: m.TimelinePage })),
);
const ExecutivePage = lazy(() =>
  import('./pages/executive-page.js').then((m) => ({ default: m.ExecutivePage })),
);
const TeamPage = lazy(() => import('./pages/team-page.js').then((m) => ({ default: m.TeamPage })));
const MyActivityPage = lazy(() =>
  import('./pages/my-activity-page.js').then((m) => ({ default: m.MyActivityPage })),
);
const ReportsPage = lazy(() => import('./pages/reports-page.js').then((m) => ({ default: m.ReportsPage })));
const SchedulesPage = lazy(() =>
  import('./pages/schedules-page.js').then((m) => ({ default: m.SchedulesPage })),
);
const CustomerPage = lazy(() =>
  import('./pages/customer-page.js').then((m) => ({ default: m.CustomerPage })),
);

const CompliancePage = lazy(() =>
  import('./pages/compliance-page.js').then((m) => ({ default: m.CompliancePage })),
);
const SettingsPage = lazy(() =>
  import('./pages/settings-page.js').then((m) => ({ default: m.SettingsPage })),
);
const AuditPage = lazy(() => import('./pages/audit-page.js').then((m) => ({ default: m.AuditPage })));

function useToken() {
  return useSyncExternalStore(onTokenChange, getToken);
}

export function App() {
  const token = useToken();
  const location = useLocation();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!token) queryClient.clear();
  }, [token, queryClient]);

  if (!token) {
    return (
      <Suspense fallback={<Spinner label="Loading sign-in" />}>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route
            path="*"
            element={
              <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} />
            }
          />
        </Routes>
      </Suspense>
    );
  }
  return (
    <Shell>
      <ScrollReset />
      <Suspense fallback={<Spinner label="Loading page" />}>
        <Routes>
          <Route path="/" element={<Navigate to="/timeline" replace />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/timeline" element={<TimelinePage />} />
          <Route path="/dashboards/executive" element={<ExecutivePage />} />
          <Route path="/dashboards/team/:teamId?" element={<TeamPage />} />
          <Route path="/me" element={<MyActivityPage />} />
          <Route path="/reports" element={<ReportsPage />} />
          <Route path="/customers/:customerId" element={<CustomerPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/compliance" element={<CompliancePage />} />
          <Route path="/schedules" element={<SchedulesPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

function NotFound() {
  return (
    <main id="main" className="page">
      <h1>Page not found</h1>
      <p>
        <a href="/timeline">Go to the timeline</a>
      </p>
    </main>
  );
}
