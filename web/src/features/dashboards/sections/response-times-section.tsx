/**
 * A team's response times: median, p90 and the unanswered inbound (count and rate) in one unit per
 * figure, calendar or business hours (?hours=business, the company's working calendar), per member
 * with the target as a line, and links to the period's unanswered inbound events in the timeline.
 */
import { Link, useSearchParams } from 'react-router';
import type { ResponseTimesResponse } from '../../../../../src/analytics/schemas/response-times.js';
import { barOption } from '../../../../../src/charts/builders.js';
import { useCompanySettingsQuery } from '../../../api/useCompanySettingsQuery.js';
import { useResponseTimesQuery } from '../../../api/useResponseTimesQuery.js';
import { EChart } from '../../../charts/chart.js';
import type { ChartOption } from '../../../charts/echarts.js';
import { FigureCard, type QueryState } from '../../../components/figure-card.js';
import { timelineHref } from '../../filters/url-filters.js';
import { durationUnit, inUnit } from '../durations.js';
import { KpiTiles } from '../kpi-tiles.js';
import { formatMinutes } from '../period.js';

interface Props {
  teamId: string;
  from?: string;
  label: string;
  /** The bundle's section (calendar time); business hours are asked of the KPI endpoint. */
  calendar: QueryState<ResponseTimesResponse>;
  nameOf: (userId: string) => string;
  drill: (slice: Record<string, unknown>) => void;
}

export function ResponseTimesSection({ teamId, from, label, calendar, nameOf, drill }: Props) {
  const [params, setParams] = useSearchParams();
  const business = params.get('hours') === 'business';
  const businessQuery = useResponseTimesQuery({ team_id: [teamId], from, hours: 'business' }, business);
  const q = business ? businessQuery : calendar;
  const r = q.data;
  const o = r?.overall;
  const asked = o ? o.answered + (o.unanswered ?? 0) : 0;
  const rate = o && asked ? ((o.unanswered ?? 0) / asked) * 100 : null;
  const clock = business ? 'business hours' : 'calendar time';
  // The company's first-reply target (minutes of the chosen clock); no line until it is known.
  const target = useCompanySettingsQuery().data?.response_target_minutes;
  const unit = durationUnit([...(r?.by_user.map((u) => u.median_minutes) ?? []), target ?? null]);
  const queue = timelineHref({ team_id: [teamId], unanswered: true, from });
  const setClock = (b: boolean) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (b) n.set('hours', 'business');
        else n.delete('hours');
        return n;
      },
      { replace: true },
    );
  const bars = barOption(
    (r?.by_user ?? []).map((u) => ({ label: nameOf(u.key), value: inUnit(u.median_minutes ?? 0, unit) })),
    unit.label,
  );
  const option: ChartOption =
    target === undefined ? bars : withTarget(bars, inUnit(target, unit), `Target ${formatMinutes(target)}`);
  return (
    <section className="span-12 section" aria-labelledby="rt-head" data-testid="response-times">
      <div className="section-head">
        <h2 id="rt-head">Response times</h2>
        <fieldset className="segmented">
          <legend className="sr-only">Count response time in</legend>
          <label>
            <input type="radio" name="hours" checked={!business} onChange={() => setClock(false)} /> Calendar
            time
          </label>
          <label>
            <input type="radio" name="hours" checked={business} onChange={() => setClock(true)} /> Business
            hours
          </label>
        </fieldset>
        <Link className="btn" to={queue} data-testid="unanswered-link">
          Open the unanswered queue
        </Link>
      </div>
      <KpiTiles
        label="Response figures"
        period={label}
        query={q}
        tiles={[
          {
            testId: 'rt-median',
            label: `Median response (${clock})`,
            value: o?.median_minutes == null ? null : formatMinutes(o.median_minutes),
            empty: 'No inbound event was answered in this period',
          },
          {
            testId: 'rt-p90',
            label: `90th percentile (${clock})`,
            value: o?.p90_minutes == null ? null : formatMinutes(o.p90_minutes),
            empty: 'No inbound event was answered in this period',
          },
          {
            testId: 'rt-unanswered',
            label: 'Unanswered inbound',
            value: o?.unanswered ?? null,
            unit: 'events',
            href: queue,
            note: rate == null ? undefined : `${rate.toFixed(1)} % of ${asked.toLocaleString()} inbound`,
            empty: 'No inbound event in this period',
          },
        ]}
      />
      <FigureCard
        title="Median response per member"
        subtitle={`${unit.label}, ${clock}${target === undefined ? '' : `; the line is the ${formatMinutes(target)} target`} · ${label}`}
        query={q}
        isEmpty={!r?.by_user.length}
        emptyWhy="No inbound event was answered by this team in this period."
      >
        <EChart
          height={Math.max(200, (r?.by_user.length ?? 0) * 34)}
          label={`Median response time per member, ${unit.label}`}
          option={option}
          onClick={(e) => {
            const u = r?.by_user.find((x) => nameOf(x.key) === e.name);
            if (u) drill({ user_id: [u.key], direction: ['outbound'] });
          }}
        />
      </FigureCard>
    </section>
  );
}

/** Adds a vertical target line to a horizontal bar chart's first series. */
function withTarget(option: ChartOption, value: number, name: string): ChartOption {
  const series = (option.series as Array<Record<string, unknown>>).map((s, i) =>
    i === 0
      ? {
          ...s,
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#dc2626' },
            label: { formatter: name, position: 'end' },
            data: [{ xAxis: value }],
          },
        }
      : s,
  );
  // The value axis reaches the target even when every bar is below it (a line off the chart says nothing).
  const xAxis = { ...(option.xAxis as object), max: (v: { max: number }) => Math.max(v.max, value * 1.1) };
  // Room above the bars for the line's label (at the grid's top edge it was cut in half).
  const grid = { ...(option.grid as object), top: 28 };
  return { ...option, grid, xAxis, series };
}
