/**
 * A customer's engagement score over the selected period: the mean score per day (≤ 31 days) or
 * per week, with the number of scored activities behind each point, instead of every raw score.
 */
import { useMemo } from 'react';
import { useRecentEventsQuery } from '../../../api/useRecentEventsQuery.js';
import { EChart } from '../../../charts/chart.js';
import type { ChartOption } from '../../../charts/echarts.js';
import { FigureCard } from '../../../components/figure-card.js';
import type { Filters } from '../../filters/url-filters.js';

/** Scored activities read for the trend (the period's latest). */
const MAX_EVENTS = 500;

export function bucketScores(
  events: Array<{ event_timestamp: string; engagement_score?: number | null }>,
  byWeek: boolean,
): Array<{ start: string; mean: number; n: number }> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const e of events) {
    if (e.engagement_score == null) continue;
    const d = new Date(e.event_timestamp);
    d.setHours(0, 0, 0, 0);
    if (byWeek) d.setDate(d.getDate() - ((d.getDay() + 6) % 7)); // back to Monday
    const key = d.toISOString();
    const s = sums.get(key) ?? { sum: 0, n: 0 };
    s.sum += e.engagement_score;
    s.n += 1;
    sums.set(key, s);
  }
  return [...sums.entries()]
    .sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]))
    .map(([start, s]) => ({ start, mean: Math.round((s.sum / s.n) * 10) / 10, n: s.n }));
}

export function EngagementTrendSection({
  customerId,
  from,
  days,
  label,
  drill,
}: {
  customerId: string;
  from?: string;
  days: number;
  label: string;
  drill: (slice: Filters) => void;
}) {
  const events = useRecentEventsQuery({ customer_id: [customerId], from }, MAX_EVENTS);
  const byWeek = days > 31;
  const points = useMemo(() => bucketScores(events.data ?? [], byWeek), [events.data, byWeek]);
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      // Room above the plot for the value axis's name ("score" was cut at the top at 16 px).
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', min: 0, max: 100, name: 'score' },
      series: [
        {
          name: `Mean score per ${byWeek ? 'week' : 'day'}`,
          type: 'line',
          smooth: 0.3,
          symbolSize: 6,
          areaStyle: { opacity: 0.1 },
          data: points.map((p) => [p.start, p.mean]),
        },
      ],
    }),
    [points, byWeek],
  );
  return (
    <FigureCard
      className="span-6"
      title="Engagement score trend"
      subtitle={`Mean engagement score (0–100) of scored activities per ${byWeek ? 'week' : 'day'} · ${label}`}
      query={events}
      isEmpty={!points.length}
      emptyWhy="None of this customer's activities in this period carries an engagement score."
    >
      <EChart
        height={240}
        label={`Engagement score per ${byWeek ? 'week' : 'day'}`}
        option={option}
        onClick={(e) => {
          const start = Array.isArray(e.value) ? String(e.value[0]) : undefined;
          if (!start) return;
          const end = new Date(start);
          end.setDate(end.getDate() + (byWeek ? 7 : 1));
          drill({ from: start, to: end.toISOString() });
        }}
      />
    </FigureCard>
  );
}
