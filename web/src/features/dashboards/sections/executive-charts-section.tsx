/** The executive trend (today marked partial, previous period by weekday), live tiles, segments and channels. */
import {
  activityTrend,
  channelMix,
  engagementBySegment,
} from '../../../../../src/charts/dashboard-charts.js';
import type { ExecutiveDashboard } from '../../../../../src/dashboards/schema.js';
import { EChart } from '../../../charts/chart.js';
import { FigureCard, type QueryState } from '../../../components/figure-card.js';
import type { Filters } from '../../filters/url-filters.js';
import { LiveTiles } from '../live-tiles.js';

interface Props {
  label: string;
  period: string;
  query: QueryState<ExecutiveDashboard>;
  drill: (slice: Filters) => void;
}

export function ExecutiveChartsSection({ label, period, query, drill }: Props) {
  const d = query.data;
  return (
    <>
      <FigureCard
        className="span-8"
        title="Activity trend"
        subtitle={`Events per ${d?.period.bucket ?? 'day'} · ${period}`}
        query={query}
        isEmpty={!d?.volume.total}
        emptyWhy="No activity was recorded in this period."
      >
        {d && (
          <EChart
            height={280}
            label="Activity trend, this period against the previous period"
            option={activityTrend(d).option}
            onClick={(e) => {
              const b = d.volume.buckets[e.dataIndex];
              const next = d.volume.buckets[e.dataIndex + 1];
              if (b) drill({ from: b.start, to: next?.start ?? d.period.to });
            }}
          />
        )}
      </FigureCard>
      <div className="span-4">
        <LiveTiles filters={{}} />
      </div>
      <FigureCard
        className="span-6"
        title="Engagement by segment"
        subtitle={`Engaged customers (≥ 1 inbound event) per segment, of customers touched · ${label}`}
        query={query}
        isEmpty={!d?.engagement.rate.by_segment.some((r) => r.engaged || r.touched)}
        emptyWhy="No customer of any segment was touched or wrote in during this period."
      >
        {d && (
          <EChart
            height={260}
            label="Engaged customers by customer segment"
            option={engagementBySegment(d).option}
            onClick={(e) => e.name !== 'unknown' && drill({ segment: [String(e.name)] })}
          />
        )}
      </FigureCard>
      <FigureCard
        className="span-6"
        title="Channel mix"
        subtitle={`Share of events by activity type · ${label}`}
        query={query}
        isEmpty={!d?.volume.by.length}
        emptyWhy="No activity was recorded in this period."
      >
        {d && (
          <EChart
            height={260}
            label="Events by activity type"
            option={channelMix(d.volume.by).option}
            onClick={(e) => {
              const row = d.volume.by[e.dataIndex];
              if (row) drill({ type: [row.key] as never });
            }}
          />
        )}
      </FigureCard>
    </>
  );
}
