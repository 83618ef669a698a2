/** A customer's headline figures: touchpoints in the period and how fast their inbound events are answered. */
import type { ResponseTimesResponse } from '../../../../../src/analytics/schemas/response-times.js';
import { KpiTiles } from '../kpi-tiles.js';
import { fmtNumber, formatMinutes } from '../period.js';

interface Query<T> {
  data?: T;
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
}

interface Props {
  label: string;
  histogram: Query<{ total: number }>;
  response: Query<ResponseTimesResponse>;
}

export function CustomerFiguresSection({ label, histogram, response }: Props) {
  const o = response.data?.overall;
  return (
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
  );
}
