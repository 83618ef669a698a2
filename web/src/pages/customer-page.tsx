/** Customer view: who they are, then the journey — touchpoints, channels, engagement, response times, paths. */
import { Link, useParams } from 'react-router';
import { sankeyOption } from '../../../src/charts/builders.js';
import { EVENT_TYPES } from '../../../src/events/catalogue.js';
import type { Customer } from '../api/types.js';
import { useCustomerQuery } from '../api/useDirectoryQuery.js';
import { useHistogramQuery } from '../api/useHistogramQuery.js';
import { useJourneyQuery } from '../api/useJourneyQuery.js';
import { useResponseTimesQuery } from '../api/useResponseTimesQuery.js';
import { EChart } from '../charts/chart.js';
import { ChartCard } from '../charts/chart-card.js';
import { NotFoundState, Spinner } from '../components/states.js';
import { typeMeta } from '../components/type-badge.js';
import { KpiTiles } from '../features/dashboards/kpi-tiles.js';
import {
  fmtNumber,
  formatMinutes,
  PeriodSelect,
  useDrill,
  usePeriod,
} from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { CustomerHeader } from '../features/dashboards/sections/customer-header.js';
import { CustomerResponseSection } from '../features/dashboards/sections/customer-response-section.js';
import { EngagementTrendSection } from '../features/dashboards/sections/engagement-trend-section.js';
import { TouchpointsSection } from '../features/dashboards/sections/touchpoints-section.js';
import { RANGE_PRESETS, timelineHref } from '../features/filters/url-filters.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function CustomerPage() {
  const { customerId = '' } = useParams();
  const valid = UUID.test(customerId);
  const customers = useCustomerQuery(valid ? customerId : undefined);
  const customer = customers.data?.items[0];
  // An invalid or unknown id is one page-level state, not a validation error per section.
  const missing = !valid || (customers.data && !customer);
  return (
    <main id="main" className="page">
      {missing ? (
        <NotFoundState
          what="Customer"
          why={
            valid
              ? 'No customer you can see has this id: it may have been erased, or belong to another company.'
              : 'This address does not name a customer (a customer id looks like 3f2b…-…).'
          }
          back={{ to: '/timeline', label: 'Go to the timeline' }}
        />
      ) : customer ? (
        <CustomerBody customer={customer} />
      ) : (
        <Spinner label="Loading the customer" />
      )}
    </main>
  );
}

function CustomerBody({ customer }: { customer: Customer }) {
  const { range, label, from, setRange } = usePeriod();
  const scope = { customer_id: [customer.id] };
  const histogram = useHistogramQuery({ ...scope, from });
  const response = useResponseTimesQuery({ ...scope, from });
  const journey = useJourneyQuery({ ...scope, from, max_length: 3, limit: 10 });
  const drill = useDrill({ ...scope, from });
  const days = RANGE_PRESETS.find((p) => p.id === range)?.days ?? 30;
  const o = response.data?.overall;
  return (
    <>
      <div className="page-head">
        <h1>{customer.name}</h1>
        <div className="toolbar">
          <Link className="btn" to={timelineHref(scope)}>
            Customer's timeline
          </Link>
          <PeriodSelect range={range} onChange={setRange} />
        </div>
      </div>
      <CustomerHeader customer={customer} />
      <KpiTiles
        label="Customer figures"
        period={label}
        loading={histogram.isPending || response.isPending}
        error={histogram.error ?? response.error}
        onRetry={() => void Promise.all([histogram.refetch(), response.refetch()])}
        tiles={[
          {
            testId: 'cust-touchpoints',
            label: 'Touchpoints',
            unit: 'events',
            value: histogram.data?.total ?? null,
          },
          {
            label: 'Median response to this customer',
            value: o?.median_minutes == null ? null : formatMinutes(o.median_minutes),
            note: o ? `${fmtNumber(o.answered)} answered, ${fmtNumber(o.unanswered)} unanswered` : undefined,
            empty: 'No inbound event from this customer was answered in this period',
          },
          {
            label: '90th percentile response',
            value: o?.p90_minutes == null ? null : formatMinutes(o.p90_minutes),
            empty: 'No inbound event from this customer was answered in this period',
          },
        ]}
      />
      <div className="grid">
        <TouchpointsSection label={label} query={histogram} drill={drill} />
        <EngagementTrendSection
          customerId={customer.id}
          from={from}
          days={days}
          label={label}
          drill={drill}
        />
        <CustomerResponseSection label={label} query={response} drill={drill} />
        <ChartCard
          className="span-6"
          title="Journey flow"
          subtitle={`Which touchpoint type follows which (transitions, count) · ${label}`}
          query={journey}
          isEmpty={!journey.data?.transitions.length}
          emptyWhy="Fewer than two touchpoints in this period, so there is no flow to show."
        >
          <EChart
            height={300}
            label="Sankey of transitions between touchpoint types"
            option={sankeyOption(
              journey.data?.transitions ?? [],
              (t) => typeMeta(t).color,
              (t) => typeMeta(t).label,
            )}
            tableLabel={(t) => typeMeta(t).label}
            onClick={(e) => {
              const t = String(e.name ?? '')
                .replace(/›/g, '')
                .split(' > ')[0];
              if (t && EVENT_TYPES.includes(t as never)) drill({ type: [t as never] });
            }}
          />
        </ChartCard>
        <RecentEvents className="span-6" title="Recent history" filters={scope} />
      </div>
    </>
  );
}
