/**
 * Erasure of one person (a contact) across every customer: their contact id, e-mail addresses and
 * phone numbers, confirmed by typing ERASE in a dialog; then the count and the audit entry it left.
 */
import { useState } from 'react';
import type { PersonErasureBody } from '../../../../src/erasure/schema.js';
import { SaveError } from '../saved-timelines/save-error.js';
import { useErasePersonMutation } from './api.js';
import { ConfirmErasureDialog } from './confirm-erasure-dialog.js';
import { ErasureResult } from './erasure-result.js';

const CONFIRM_WORD = 'ERASE';

/** One identifier per line or comma; blanks dropped. */
const splitList = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The request body from the form, leaving out what is empty (the server wants one identifier at least). */
function personFrom(contactId: string, emails: string, phones: string): PersonErasureBody {
  const person: PersonErasureBody = {};
  if (contactId.trim()) person.contact_id = contactId.trim();
  const e = splitList(emails);
  if (e.length) person.emails = e;
  const p = splitList(phones);
  if (p.length) person.phones = p;
  return person;
}

export function PersonErasurePanel() {
  const [contactId, setContactId] = useState('');
  const [emails, setEmails] = useState('');
  const [phones, setPhones] = useState('');
  const [confirming, setConfirming] = useState<PersonErasureBody | null>(null);
  const erase = useErasePersonMutation();
  const person = personFrom(contactId, emails, phones);
  const label = [person.contact_id, ...(person.emails ?? []), ...(person.phones ?? [])].join(', ');
  return (
    <section className="card" aria-labelledby="person-erasure-title">
      <h2 id="person-erasure-title">Erase a person</h2>
      <p className="muted">
        Removes one person’s data at every customer: each activity naming their contact id, one of their
        e-mail addresses as a participant, or one of their phone numbers loses its title, description, details
        and participants. Counts and times stay. This cannot be undone.
      </p>
      <form
        className="retention-form"
        onSubmit={(e) => {
          e.preventDefault();
          erase.reset();
          setConfirming(person);
        }}
      >
        <label className="field">
          Contact id <small className="muted">(optional)</small>
          <input className="input" value={contactId} onChange={(e) => setContactId(e.target.value)} />
        </label>
        <label className="field">
          E-mail addresses <small className="muted">(one per line)</small>
          <textarea className="input" rows={2} value={emails} onChange={(e) => setEmails(e.target.value)} />
        </label>
        <label className="field">
          Phone numbers <small className="muted">(one per line; only the digits are compared)</small>
          <textarea className="input" rows={2} value={phones} onChange={(e) => setPhones(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-danger" disabled={!label || erase.isPending}>
          Erase this person’s data…
        </button>
      </form>
      <div role="status" aria-live="polite">
        {erase.isPending && <span className="muted">Erasing the person’s data…</span>}
      </div>
      {erase.isError && <SaveError error={erase.error} />}
      {erase.data && (
        <ErasureResult
          result={erase.data}
          name={erase.variables ? describe(erase.variables) : 'the person'}
          action="contact.erase"
          objectId={erase.variables?.contact_id}
        />
      )}
      {confirming && (
        <ConfirmErasureDialog
          title="Erase this person’s data?"
          word={CONFIRM_WORD}
          prompt={`Type ${CONFIRM_WORD} to confirm`}
          onClose={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            erase.mutate(confirming);
          }}
        >
          Every activity that names <strong>{describe(confirming)}</strong>, at any customer and deleted ones
          included, loses its title, description, details and participants. One audit entry records how many,
          never the e-mail addresses or phone numbers.
        </ConfirmErasureDialog>
      )}
    </section>
  );
}

const describe = (p: PersonErasureBody) =>
  [p.contact_id, ...(p.emails ?? []), ...(p.phones ?? [])].filter(Boolean).join(', ');
