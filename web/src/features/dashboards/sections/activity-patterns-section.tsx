/** "Activity patterns": the user's events by weekday × hour (in `tz`); a cell drills to that weekday and hour. */
import { useMemo } from 'react';
import { heatmapOption } from '../../../../../src/charts/builders.js';
import type { MeDashboard } from '../../../../../src/dashboards/schema.js';
import { EChart } from '../../../charts/chart.js';
import { FigureCard, type QueryState } from '../../../components/figure-card.js';
import type { Filters } from '../../filters/url-filters.js';

interface Props {
  /** The IANA zone the dashboard was asked in (the heatmap's hours are in it). */
  tz: string;
  label: string;
  query: QueryState<MeDashboard>;
  drill: (slice: Filters) => void;
}

export function ActivityPatternsSection({ tz, label, query, drill }: Props) {
  const d = query.data;
  // Rows Monday first (ISO weekday = row + 1); the API's heatmap rows start on Sunday.
  const cells = useMemo(
    () =>
      Array.from({ length: 7 }, (_, row) => d?.patterns.heatmap.values[(row + 1) % 7] ?? Array(24).fill(0)),
    [d],
  );
  const total = cells.reduce((s, row) => s + row.reduce((a: number, b: number) => a + b, 0), 0);
  // No events in the period: no card (an empty 7 × 24 grid says nothing).
  if (total === 0) return null;
  return (
    <FigureCard
      className="span-6"
      title="Activity patterns"
      subtitle={`Your events by weekday and hour (${tz}) · ${label}`}
      query={query}
    >
      <EChart
        height={300}
        label="Heatmap of your events by weekday and hour"
        option={heatmapOption(cells, 'events')}
        onClick={(e) => {
          // Exactly that weekday × hour of the period, read in the same zone as the heatmap.
          const [h, row] = (e.value as number[]) ?? [];
          if (h !== undefined && row !== undefined) drill({ weekday: [row + 1], hour: [h], tz });
        }}
      />
    </FigureCard>
  );
}
