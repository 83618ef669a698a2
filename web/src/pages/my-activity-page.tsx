/** "My activity", for a rep's morning: today's agenda first, then standing, goals (when set), customers, patterns. */
import { getClaims, getPersona } from '../api/session.js';
import { useMeDashboard } from '../api/useDashboardQuery.js';
import { Goals } from '../features/dashboards/goals.js';
import { DataAsOf, PeriodSelect, useDrill, usePeriod } from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { ActivityPatternsSection } from '../features/dashboards/sections/activity-patterns-section.js';
import { AgendaSection } from '../features/dashboards/sections/agenda-section.js';
import { MyCustomersSection } from '../features/dashboards/sections/my-customers-section.js';
import { MyStandingSection } from '../features/dashboards/sections/my-standing-section.js';
import { DashboardExport } from '../features/exports/dashboard-export.js';
import { RANGE_PRESETS } from '../features/filters/url-filters.js';
import { MyTimelinesSection } from '../features/saved-timelines/timeline-links.js';

const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function MyActivityPage() {
  const userId = getClaims()?.sub ?? '';
  const { range, label, from, setRange } = usePeriod();
  const days = RANGE_PRESETS.find((p) => p.id === range)?.days ?? 30;
  const scope = { user_id: [userId] };
  // One request for the dashboard, in the browser's zone (for the heatmap).
  const dash = useMeDashboard({ from, compare: 'previous', tz: TZ });
  const d = dash.data;
  const drill = useDrill({ ...scope, from });
  const me = d?.productivity.users.find((u) => u.user_id === userId) ?? d?.productivity.totals;
  const values = {
    activities: me?.activities ?? 0,
    calls: me?.by_type.call ?? 0,
    emails: me?.by_type.email ?? 0,
    meetings: me?.by_type.meeting ?? 0,
    customers_touched: me?.customers_touched ?? 0,
    duration_minutes: me?.duration_minutes ?? 0,
  };
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>My activity{getPersona() ? ` · ${getPersona()?.name}` : ''}</h1>
        <DataAsOf freshness={d?.freshness} />
        <PeriodSelect range={range} onChange={setRange} />
        <DashboardExport path="me" query={{ from, compare: 'previous', tz: TZ }} />
      </div>
      <div className="grid">
        <AgendaSection userId={userId} bundle={d} from={from} />
      </div>
      <MyStandingSection label={label} query={dash} me={me} />
      {dash.isPending ? null : <Goals values={values} days={days} />}
      <div className="grid">
        <MyCustomersSection from={from} label={label} />
        <ActivityPatternsSection tz={TZ} label={label} query={dash} drill={drill} />
        <MyTimelinesSection />
        <RecentEvents className="span-12" title="My timeline" filters={scope} />
      </div>
    </main>
  );
}
