/** What an erasure did, and the audit entry it left (read back from GET /audit). */

import { useAuditQuery } from '../../api/useAuditQuery.js';
import { useUsersQuery } from '../../api/useDirectoryQuery.js';
import { ErrorState, Spinner } from '../../components/states.js';
import { AuditEntryRow, AuditTable } from '../audit/audit-entry-row.js';
import type { PersonErasure } from './api.js';

interface ErasureResultProps {
  result: PersonErasure;
  /** Who was erased, as the officer knows them (a customer's name, a person's identifiers). */
  name: string;
  /** The audit entry's action and the id it names, to find it in the trail. */
  action: 'customer.erase' | 'contact.erase';
  objectId?: string;
}

export function ErasureResult({ result, name, action, objectId }: ErasureResultProps) {
  const audit = useAuditQuery({ action, ...(objectId ? { object_id: objectId } : {}) });
  const users = useUsersQuery();
  const entry = audit.data?.pages.flatMap((p) => p.entries).find((e) => e.id === result.audit_id);
  const who = entry?.user_id
    ? (users.data?.items.find((u) => u.id === entry.user_id)?.name ?? 'you')
    : 'system';
  return (
    <div className="erasure-result" data-testid="erasure-result">
      <p role="alert">
        Erased {name}: {result.events.toLocaleString()} {result.events === 1 ? 'activity' : 'activities'}{' '}
        cleared ({result.fields.join(', ')}).
      </p>
      <h3>Audit entry {result.audit_id}</h3>
      {audit.isPending && <Spinner label="Loading the audit entry" />}
      {audit.isError && <ErrorState error={audit.error} onRetry={() => audit.refetch()} />}
      {audit.data && !entry && <p className="muted">The entry is not in the first page of the trail.</p>}
      {entry && (
        <AuditTable label="Erasure audit entry">
          <AuditEntryRow entry={entry} who={who} />
        </AuditTable>
      )}
      <p>
        <a href="/audit">Open the audit trail</a>
      </p>
    </div>
  );
}
