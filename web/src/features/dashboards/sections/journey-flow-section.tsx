/** A customer's journey flow: which touchpoint type follows which, as a Sankey; a node drills to its type. */
import type { JourneyResponse } from '../../../../../src/analytics/schemas/journey.js';
import { sankeyOption } from '../../../../../src/charts/builders.js';
import { EVENT_TYPES } from '../../../../../src/events/catalogue.js';
import { EChart } from '../../../charts/chart.js';
import { FigureCard, type QueryState } from '../../../components/figure-card.js';
import { typeMeta } from '../../../components/type-badge.js';
import type { Filters } from '../../filters/url-filters.js';

interface Props {
  label: string;
  query: QueryState<JourneyResponse>;
  drill: (slice: Filters) => void;
}

export function JourneyFlowSection({ label, query, drill }: Props) {
  return (
    <FigureCard
      className="span-6"
      title="Journey flow"
      subtitle={`Which touchpoint type follows which (transitions, count) · ${label}`}
      query={query}
      isEmpty={!query.data?.transitions.length}
      emptyWhy="Fewer than two touchpoints in this period, so there is no flow to show."
    >
      <EChart
        height={300}
        label="Sankey of transitions between touchpoint types"
        option={sankeyOption(
          query.data?.transitions ?? [],
          (t) => typeMeta(t).color,
          (t) => typeMeta(t).label,
        )}
        tableLabel={(t) => typeMeta(t).label}
        onClick={(e) => {
          // A node is named "call›" (from) or "›email" (to); a link "call› > ›email".
          const t = String(e.name ?? '')
            .replace(/›/g, '')
            .split(' > ')[0];
          if (t && EVENT_TYPES.includes(t as never)) drill({ type: [t as never] });
        }}
      />
    </FigureCard>
  );
}
