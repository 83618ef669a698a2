/** "My customers": the customers of my events by engagement, one table (no chart repeating it). */
import { Link } from 'react-router';
import { useMyCustomersQuery } from '../../../api/useMyCustomersQuery.js';
import { FigureCard } from '../../../components/figure-card.js';
import { fmtNumber } from '../period.js';

const TOP_CUSTOMERS = 10;

export function MyCustomersSection({ from, label }: { from?: string; label: string }) {
  const customers = useMyCustomersQuery({ from, limit: TOP_CUSTOMERS });
  const top = customers.data?.items ?? [];
  return (
    <FigureCard
      className="span-6"
      title="My customers by engagement"
      subtitle={`Engagement score (0–100) over your events · ${label}`}
      query={customers}
      isEmpty={!top.length}
      emptyWhy="You had no activity with any customer in this period."
    >
      <table className="table" data-testid="my-customers">
        <caption className="sr-only">Your customers by engagement, {label}</caption>
        <thead>
          <tr>
            <th>Customer</th>
            <th className="num">Score</th>
            <th className="num">Events</th>
            <th className="num">Last touch</th>
          </tr>
        </thead>
        <tbody>
          {top.map((c) => (
            <tr key={c.customer_id}>
              <td>
                <Link to={`/customers/${c.customer_id}`}>{c.name ?? `${c.customer_id.slice(0, 8)}…`}</Link>
              </td>
              <td className="num">{fmtNumber(c.engagement_score, 1)}</td>
              <td className="num">{fmtNumber(c.events)}</td>
              <td className="num">
                <time dateTime={c.last_touch}>{new Date(c.last_touch).toLocaleDateString()}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {customers.data && customers.data.total > top.length ? (
        <p className="muted">
          Top {top.length} of {fmtNumber(customers.data.total)} customers you had activity with.
        </p>
      ) : null}
    </FigureCard>
  );
}
