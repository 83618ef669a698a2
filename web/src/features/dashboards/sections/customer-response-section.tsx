/** Response times to one customer per channel, in one unit for the whole chart. */

import type { ResponseTimesResponse } from '../../../../../src/analytics/schemas/response-times.js';
import { barOption } from '../../../../../src/charts/builders.js';
import { EVENT_TYPES } from '../../../../../src/events/catalogue.js';
import { EChart } from '../../../charts/chart.js';
import { FigureCard, type QueryState } from '../../../components/figure-card.js';
import { typeMeta } from '../../../components/type-badge.js';
import type { Filters } from '../../filters/url-filters.js';
import { durationUnit, inUnit } from '../durations.js';

interface Props {
  label: string;
  query: QueryState<ResponseTimesResponse>;
  drill: (slice: Filters) => void;
}

export function CustomerResponseSection({ label, query, drill }: Props) {
  const rows = query.data?.by_type.filter((t) => t.answered) ?? [];
  const unit = durationUnit(rows.map((t) => t.median_minutes));
  return (
    <FigureCard
      className="span-6"
      title="Response times by channel"
      subtitle={`Median ${unit.label} from an inbound event to our reply, per type · ${label}`}
      query={query}
      isEmpty={!rows.length}
      emptyWhy="No inbound event from this customer was answered in this period."
    >
      <EChart
        height={220}
        label={`Median response time per channel, ${unit.label}`}
        option={barOption(
          rows.map((t) => ({
            label: typeMeta(t.key).label,
            value: inUnit(t.median_minutes ?? 0, unit),
            color: typeMeta(t.key).color,
          })),
          unit.label,
        )}
        onClick={(e) => {
          const t = EVENT_TYPES.find((x) => typeMeta(x).label === e.name);
          if (t) drill({ type: [t], direction: ['inbound'] });
        }}
      />
    </FigureCard>
  );
}
