/**
 * The retention settings card: how long deleted activities are kept, an optional age limit for all
 * activities, and what a purge run now would remove (counted by the server with the purge's own rule).
 */
import { type FormEvent, useState } from 'react';
import { SaveButton, SettingsCard } from '../company-settings/settings-card.js';
import { type Retention, useRetentionQuery, useSaveRetentionMutation } from './api.js';

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
const activities = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'activity' : 'activities'}`;

export function RetentionSettings() {
  const retention = useRetentionQuery();
  // Owned here, not by the form: a save changes the stored values, which restarts the form.
  const save = useSaveRetentionMutation();
  return (
    <SettingsCard
      id="retention-title"
      title="Retention"
      intro="The purge removes activities for good (they leave the timeline, analytics and exports; each purge is recorded in the audit trail)."
      query={retention}
      loadingLabel="Loading the retention settings"
      status={save.isSuccess && 'Saved. The audit trail records the change.'}
      saveError={save.error}
      after={retention.data && <NextPurge data={retention.data} />}
    >
      {retention.data && <RetentionForm key={formKey(retention.data)} data={retention.data} save={save} />}
    </SettingsCard>
  );
}

/** The form restarts from the stored values whenever they change (a save, another officer's save). */
const formKey = (d: Retention) => `${d.retention_deleted_days}/${d.retention_years}`;

function RetentionForm({
  data,
  save,
}: {
  data: Retention;
  save: ReturnType<typeof useSaveRetentionMutation>;
}) {
  const [keepForever, setKeepForever] = useState(data.retention_years === null);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    save.mutate({
      retention_deleted_days: Number(form.get('deleted_days')),
      retention_years: keepForever ? null : Number(form.get('years')),
    });
  };
  return (
    <form className="retention-form" aria-label="Retention settings" onSubmit={onSubmit}>
      <label className="field">
        Keep deleted activities for (days)
        <input
          name="deleted_days"
          type="number"
          min={1}
          max={36500}
          required
          defaultValue={data.retention_deleted_days}
          aria-describedby="deleted-days-help"
        />
        <small id="deleted-days-help" className="muted">
          A deleted activity is removed for good this many days after it was deleted (1–36,500).
        </small>
      </label>
      <fieldset className="field">
        <legend>Activities older than a limit</legend>
        <label className="check-chip">
          <input type="checkbox" checked={keepForever} onChange={(e) => setKeepForever(e.target.checked)} />
          Keep activities forever
        </label>
        <label className="field">
          Remove activities older than (years)
          <input
            name="years"
            type="number"
            min={1}
            max={100}
            required={!keepForever}
            disabled={keepForever}
            defaultValue={data.retention_years ?? ''}
            aria-describedby="years-help"
          />
          <small id="years-help" className="muted">
            Every activity whose date is older than this many years is removed, deleted or not (1–100).
          </small>
        </label>
      </fieldset>
      <SaveButton pending={save.isPending} label="Save retention" />
    </form>
  );
}

function NextPurge({ data }: { data: Retention }) {
  const { next_purge: next, last_purge: last } = data;
  const total = next.soft_deleted + next.expired;
  return (
    <section className="retention-next" aria-labelledby="next-purge-title">
      <h3 id="next-purge-title">Next purge</h3>
      <p data-testid="next-purge">
        {total === 0
          ? 'A purge run now would remove nothing.'
          : `A purge run now would remove ${activities(total)}:`}
      </p>
      {total > 0 && (
        <ul>
          <li>
            {activities(next.soft_deleted)} deleted before {day(next.deleted_before)}
          </li>
          {next.older_than && (
            <li>
              {activities(next.expired)} dated before {day(next.older_than)}
            </li>
          )}
        </ul>
      )}
      <p className="muted">
        {data.interval_minutes > 0
          ? `Purges run every ${data.interval_minutes} minutes.`
          : 'Automatic purges are off on this server: an operator runs crm-timeline purge.'}{' '}
        {last
          ? `The last purge (${new Date(last.at).toLocaleString()}) removed ${activities(last.count)}; audit entry ${last.audit_id}.`
          : 'No purge has removed anything yet.'}
      </p>
    </section>
  );
}
