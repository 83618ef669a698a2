/**
 * Erasure (right to be forgotten) for a customer: pick the customer, confirm by typing the name in
 * a dialog, follow the request, then read the result and the audit entry it left.
 */
import { useState } from 'react';
import type { DirectoryHit } from '../../api/useDirectorySearchQuery.js';
import { DirectoryPicker } from '../filters/directory-picker.js';
import { SaveError } from '../saved-timelines/save-error.js';
import { useEraseCustomerMutation } from './api.js';
import { ConfirmErasureDialog } from './confirm-erasure-dialog.js';
import { ErasureResult } from './erasure-result.js';

export function ErasurePanel() {
  const [customer, setCustomer] = useState<DirectoryHit | null>(null);
  const [confirming, setConfirming] = useState(false);
  const erase = useEraseCustomerMutation();
  const pick = (hit: DirectoryHit) => {
    setCustomer(hit);
    erase.reset();
  };
  return (
    <section className="card" aria-labelledby="erasure-title">
      <h2 id="erasure-title">Erasure (right to be forgotten)</h2>
      <p className="muted">
        Removes a customer’s personal content everywhere the service stores it: activity titles, descriptions,
        details and participants, and the customer’s name in the directory. Types, times, durations and counts
        stay, so analytics do not change. This cannot be undone.
      </p>
      <DirectoryPicker label="Customer" kind="customer" onPick={pick} />
      {customer && !erase.isSuccess && (
        <div className="erasure-chosen">
          <p>
            Selected: <strong>{customer.name}</strong>{' '}
            <small className="muted">
              {customer.detail ? `${customer.detail} · ` : ''}
              <code>{customer.id}</code>
            </small>
          </p>
          <button
            type="button"
            className="btn btn-danger"
            disabled={erase.isPending}
            onClick={() => setConfirming(true)}
          >
            Erase personal data…
          </button>
        </div>
      )}
      <div role="status" aria-live="polite">
        {erase.isPending && <span className="muted">Erasing {customer?.name}’s personal data…</span>}
      </div>
      {erase.isError && <SaveError error={erase.error} />}
      {erase.data && (
        <ErasureResult
          result={erase.data}
          name={customer?.name ?? erase.data.customer_id}
          action="customer.erase"
          objectId={erase.data.customer_id}
        />
      )}
      {confirming && customer && (
        <ConfirmErasureDialog
          title={`Erase ${customer.name}?`}
          word={customer.name}
          prompt="Type the customer’s name to confirm"
          onClose={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            erase.mutate(customer.id);
          }}
        >
          Every activity of this customer, deleted ones included, loses its title, description, details and
          participants, and the directory entry loses its name. One audit entry records what was erased, never
          the content.
        </ConfirmErasureDialog>
      )}
    </section>
  );
}
