/** A customer's headline figures: touchpoints in the period and how fast their inbound events are answered. */
import type { ResponseTimesResponse } from '../../../../../src/analytics/schemas/response-times.js';
import type { QueryState } from '../../../components/figure-card.js';
import { KpiTiles } from '../kpi-tiles.js';
import { fmtNumber, formatMinutes } from '../period.js';

interface Props {
  label: string;
  histogram: QueryState<{ total: number }>;
  response: QueryState<ResponseTimesResponse>;
}

export function CustomerFiguresSection({ label, histogram, response }: Props) {
  const o = response.data?.overall;
  // The row reads two queries: loading while either is, one error (the first), retry both.
  const both: QueryState = {
    isPending: histogram.isPending || response.isPending,
    error: histogram.error ?? response.error,
    refetch: () => Promise.all([histogram.refetch(), response.refetch()]),
  };
  return (
    <KpiTiles
      label="Customer figures"
      period={label}
      query={both}
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
  );
}
