/** Customer view: who they are, then the journey — touchpoints, channels, engagement, response times, paths. */
import { Link, useParams } from 'react-router';
import type { Customer } from '../api/types.js';
import { useCustomerQuery } from '../api/useDirectoryQuery.js';
import { useHistogramQuery } from '../api/useHistogramQuery.js';
import { useJourneyQuery } from '../api/useJourneyQuery.js';
import { useResponseTimesQuery } from '../api/useResponseTimesQuery.js';
import { NotFoundState, Spinner } from '../components/states.js';
import { PeriodSelect, useDrill, usePeriod } from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { CustomerFiguresSection } from '../features/dashboards/sections/customer-figures-section.js';
import { CustomerHeader } from '../features/dashboards/sections/customer-header.js';
import { CustomerResponseSection } from '../features/dashboards/sections/customer-response-section.js';
import { EngagementTrendSection } from '../features/dashboards/sections/engagement-trend-section.js';
import { JourneyFlowSection } from '../features/dashboards/sections/journey-flow-section.js';
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
      <CustomerFiguresSection label={label} histogram={histogram} response={response} />
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
        <JourneyFlowSection label={label} query={journey} drill={drill} />
        <RecentEvents className="span-6" title="Recent history" filters={scope} />
      </div>
    </>
  );
}
