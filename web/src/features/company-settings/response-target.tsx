/**
 * The company's first-reply target (the line on the team dashboard's response-time chart). Admins
 * edit it in minutes, hours or days; it is stored in whole minutes within the server's bounds
 * (src/company/routes.ts: 1–10,080). Other roles read it.
 */
import { type FormEvent, useId, useState } from 'react';
import {
  type CompanySettings,
  useCompanySettingsQuery,
  useSaveCompanySettingsMutation,
} from '../../api/useCompanySettingsQuery.js';
import { formatMinutes } from '../dashboards/period.js';
import { SaveButton, SettingsCard } from './settings-card.js';

const MIN_MINUTES = 1;
const MAX_MINUTES = 10_080;
const UNITS = [
  { id: 'minutes', minutes: 1 },
  { id: 'hours', minutes: 60 },
  { id: 'days', minutes: 1440 },
] as const;
type Unit = (typeof UNITS)[number];

/** The largest unit the stored minutes are a whole number of (240 → 4 hours, 90 → 90 minutes). */
const unitOf = (minutes: number): Unit =>
  [...UNITS].reverse().find((u) => minutes % u.minutes === 0) ?? UNITS[0];

/** What is wrong with `amount` `unit` as a target, or null: whole minutes within the bounds. */
function problemOf(amount: number, unit: Unit): string | null {
  const minutes = amount * unit.minutes;
  if (!Number.isFinite(amount) || minutes < MIN_MINUTES || minutes > MAX_MINUTES)
    return 'Choose a target between 1 minute and 7 days (10,080 minutes).';
  if (!Number.isInteger(minutes)) return 'The target is kept in whole minutes: round it to a whole minute.';
  return null;
}

export function ResponseTarget({ canEdit }: { canEdit: boolean }) {
  const settings = useCompanySettingsQuery();
  const save = useSaveCompanySettingsMutation();
  const target = settings.data?.response_target_minutes;
  return (
    <SettingsCard
      id="target-title"
      title="Response target"
      className="settings-card"
      intro="How soon an inbound call, email or message should get its first reply. The team dashboard draws it as a line on the response-time chart."
      query={settings}
      loadingLabel="Loading the company settings"
      status={
        canEdit
          ? save.isSuccess && target !== undefined && `Saved: the target is ${formatMinutes(target)}.`
          : undefined
      }
      saveError={save.error}
    >
      {target !== undefined && !canEdit && (
        <p data-testid="target-read-only">
          The first-reply target is <strong>{formatMinutes(target)}</strong>. Only an administrator can change
          it.
        </p>
      )}
      {settings.data && canEdit && <TargetForm key={target} data={settings.data} save={save} />}
    </SettingsCard>
  );
}

function TargetForm({
  data,
  save,
}: {
  data: CompanySettings;
  save: ReturnType<typeof useSaveCompanySettingsMutation>;
}) {
  const initial = unitOf(data.response_target_minutes);
  const [unit, setUnit] = useState<Unit>(initial);
  const [amount, setAmount] = useState(String(data.response_target_minutes / initial.minutes));
  const [shown, setShown] = useState(false);
  const problem = problemOf(amount.trim() === '' ? Number.NaN : Number(amount), unit);
  const helpId = useId();
  const errorId = useId();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setShown(true);
    if (problem) return;
    save.mutate({ response_target_minutes: Math.round(Number(amount) * unit.minutes) });
  };
  const invalid = shown && problem !== null;
  return (
    <form className="settings-form" aria-label="Response target" noValidate onSubmit={onSubmit}>
      <div className="settings-row">
        <label className="field">
          First reply within
          <input
            name="amount"
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={invalid}
            aria-describedby={invalid ? `${errorId} ${helpId}` : helpId}
          />
        </label>
        <label className="field">
          Unit
          <select
            name="unit"
            value={unit.id}
            onChange={(e) => setUnit(UNITS.find((u) => u.id === e.target.value) ?? UNITS[0])}
          >
            {UNITS.map((u) => (
              <option key={u.id} value={u.id}>
                {u.id}
              </option>
            ))}
          </select>
        </label>
      </div>
      <small id={helpId} className="muted">
        From 1 minute to 7 days (10,080 minutes).
      </small>
      {invalid && (
        <p id={errorId} className="field-error" role="alert">
          {problem}
        </p>
      )}
      <SaveButton pending={save.isPending} label="Save target" />
    </form>
  );
}
