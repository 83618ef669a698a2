/** Routes: sign-in when there is no token, otherwise the shell with one lazily loaded page per route. */
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useSyncExternalStore } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { getToken, onTokenChange } from './api/session.js';
import { onDemand } from './components/on-demand.js';
import { ScrollReset } from './components/scroll-reset.js';
import { Shell } from './components/shell.js';
import { Spinner } from './components/states.js';

/** A page whose code loads when it is first opened (its own chunk), a spinner meanwhile. */
const page = (load: () => Promise<() => ReactNode>, label = 'Loading page') =>
  onDemand<object>(load, () => <Spinner label={label} />);

const SignInPage = page(() => import('./pages/sign-in-page.js').then((m) => m.SignInPage), 'Loading sign-in');
const TimelinePage = page(() => import('./pages/timeline-page.js').then((m) => m.TimelinePage));
const ExecutivePage = page(() => import('./pages/executive-page.js').then((m) => m.ExecutivePage));
const TeamPage = page(() => import('./pages/team-page.js').then((m) => m.TeamPage));
const MyActivityPage = page(() => import('./pages/my-activity-page.js').then((m) => m.MyActivityPage));
const ReportsPage = page(() => import('./pages/reports-page.js').then((m) => m.ReportsPage));
const SchedulesPage = page(() => import('./pages/schedules-page.js').then((m) => m.SchedulesPage));
const CustomerPage = page(() => import('./pages/customer-page.js').then((m) => m.CustomerPage));
const CompliancePage = page(() => import('./pages/compliance-page.js').then((m) => m.CompliancePage));
const SettingsPage = page(() => import('./pages/settings-page.js').then((m) => m.SettingsPage));
const AuditPage = page(() => import('./pages/audit-page.js').then((m) => m.AuditPage));

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
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route
          path="*"
          element={
            <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} />
          }
        />
      </Routes>
    );
  }
  return (
    <Shell>
      <ScrollReset />
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
