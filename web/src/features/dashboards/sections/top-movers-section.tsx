/** What moved most against the previous period: gains, then losses, each a link to its slice in the timeline. */
import { Link } from 'react-router';
import { moverName } from '../../../../../src/dashboards/mover-name.js';
import type { ExecutiveDashboard } from '../../../../../src/dashboards/schema.js';
import { FigureCard, type QueryState } from '../../../components/figure-card.js';
import { type Filters, timelineHref } from '../../filters/url-filters.js';
import { fmtNumber, formatChange } from '../period.js';

type Mover = ExecutiveDashboard['top_movers'][number];

const slice = (m: Mover): Filters | null =>
  m.key === 'unknown'
    ? null
    : m.dimension === 'team'
      ? { team_id: [m.key] }
      : m.dimension === 'type'
        ? { type: [m.key] as never }
        : m.dimension === 'source'
          ? { source: [m.key] as never }
          : null;

interface Props {
  from?: string;
  period: string;
  query: QueryState<ExecutiveDashboard>;
  teamName: (id: string) => string;
}

export function TopMoversSection({ from, period, query, teamName }: Props) {
  const movers = query.data?.top_movers ?? [];
  // The catalogue's labels ("Source: API"), as the dashboard's PDF names the same movers; the
  // executive page has no user movers, whose ids would stay ids.
  const names = { team: teamName, user: (id: string) => id };
  const group = (title: string, rows: Mover[]) =>
    rows.length ? (
      <tbody>
        <tr>
          <th colSpan={3} scope="rowgroup" className="movers-group">
            {title}
          </th>
        </tr>
        {rows.map((m) => {
          const c = formatChange(m.relative);
          const s = slice(m);
          const label = moverName(m, names);
          return (
            <tr key={`${m.dimension}:${m.key}`}>
              <td>{s ? <Link to={timelineHref({ ...s, from })}>{label}</Link> : label}</td>
              <td className="num">{fmtNumber(m.current)}</td>
              <td className={`num ${c.className}`}>
                {m.absolute >= 0 ? '+' : ''}
                {fmtNumber(m.absolute)} ({c.text.replace(' vs previous period', '')})
              </td>
            </tr>
          );
        })}
      </tbody>
    ) : null;
  return (
    <FigureCard
      className="span-6"
      title="Top movers"
      subtitle={`Largest gains and losses in events by type, source and team · ${period}`}
      query={query}
      isEmpty={!movers.length}
      emptyWhy="Nothing changed against the previous period (or there is no previous data)."
    >
      <table className="table" data-testid="movers-table">
        <thead>
          <tr>
            <th>What</th>
            <th className="num">Events</th>
            <th className="num">Change</th>
          </tr>
        </thead>
        {group(
          'Gains',
          movers.filter((m) => m.absolute > 0),
        )}
        {group(
          'Losses',
          movers.filter((m) => m.absolute < 0),
        )}
      </table>
    </FigureCard>
  );
}
