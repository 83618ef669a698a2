/** Who the customer is at a glance: name, segment, owner, last touch and open (scheduled) items. */

import type { Customer } from '../../../api/types.js';
import { useUsersQuery } from '../../../api/useDirectoryQuery.js';
import { useRecentEventsQuery } from '../../../api/useRecentEventsQuery.js';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function CustomerHeader({ customer }: { customer: Customer }) {
  const users = useUsersQuery();
  const last = useRecentEventsQuery({ customer_id: [customer.id] }, 1);
  const open = useRecentEventsQuery({ customer_id: [customer.id], status: ['scheduled'] }, 100);
  const owner = users.data?.items.find((u) => u.id === customer.owner_user_id)?.name;
  const lastAt = last.data?.[0]?.event_timestamp;
  const openCount = open.data?.length;
  return (
    <dl className="customer-head" data-testid="customer-header">
      <div>
        <dt>Segment</dt>
        <dd>
          {customer.segment ?? 'No segment'}
          {customer.lifecycle_stage ? ` · ${customer.lifecycle_stage}` : ''}
        </dd>
      </div>
      <div>
        <dt>Owner</dt>
        <dd>{customer.owner_user_id ? (owner ?? '…') : 'No owner'}</dd>
      </div>
      <div>
        <dt>Last touch</dt>
        <dd data-testid="last-touch">
          {last.isPending ? (
            '…'
          ) : lastAt ? (
            <time dateTime={lastAt}>{day.format(new Date(lastAt))}</time>
          ) : (
            'Never'
          )}
        </dd>
      </div>
      <div>
        <dt>Open items</dt>
        <dd data-testid="open-items">
          {openCount === undefined ? '…' : `${openCount === 100 ? '100+' : openCount} scheduled`}
        </dd>
      </div>
    </dl>
  );
}
