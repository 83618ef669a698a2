/** Create or edit a schedule: target, preset or cron with its zone, format, recipients, options. */
import { useState } from 'react';
import type { Schedule } from '../../../../src/schedules/schema.js';
import { ApiError } from '../../api/client.js';
import {
  useCustomersQuery,
  useSegmentsQuery,
  useTeamsQuery,
  useUsersQuery,
} from '../../api/useDirectoryQuery.js';
import { useSaveSchedule } from './api.js';
import { emptyForm, type FormState, fromSchedule, toInput } from './form-model.js';
import { ScheduleOptions } from './schedule-options.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function SubjectSelect({ f, set }: { f: FormState; set: (p: Partial<FormState>) => void }) {
  const teams = useTeamsQuery().data?.items ?? [];
  const users = useUsersQuery().data?.items ?? [];
  const customers = useCustomersQuery().data?.items ?? [];
  const segments = useSegmentsQuery().data?.items ?? [];
  const kind = f.kind === 'digest' ? f.digestBy : f.dashboard === 'team' ? 'team_id' : 'user_id';
  if (f.kind === 'dashboard' && f.dashboard === 'executive') return null;
  const options =
    kind === 'team_id'
      ? teams.map((t) => [t.id, t.name])
      : kind === 'user_id'
        ? users.map((u) => [u.id, u.name])
        : kind === 'customer_id'
          ? customers.map((c) => [c.id, c.name])
          : segments.map((s) => [s, s]);
  const value = f.kind === 'digest' ? f.digestValue : f.dashboardSubject;
  const onChange = (v: string) => set(f.kind === 'digest' ? { digestValue: v } : { dashboardSubject: v });
  return (
    <label className="field">
      {kind === 'team_id'
        ? 'Team'
        : kind === 'user_id'
          ? 'User'
          : kind === 'customer_id'
            ? 'Customer'
            : 'Segment'}
      <select value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">Choose…</option>
        {options.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ScheduleForm({
  editing,
  onDone,
}: {
  editing: Schedule | null;
  onDone: (secret?: string) => void;
}) {
  const [f, setF] = useState<FormState>(() => (editing ? fromSchedule(editing) : emptyForm()));
  const set = (p: Partial<FormState>) => setF((old) => ({ ...old, ...p }));
  const save = useSaveSchedule();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate(
      { id: editing?.id, body: toInput(f) },
      { onSuccess: (s) => onDone('webhook_secret' in s ? (s.webhook_secret as string) : undefined) },
    );
  };
  return (
    <form
      className="card schedule-form"
      onSubmit={submit}
      aria-label={editing ? 'Edit schedule' : 'New schedule'}
    >
      <h2>{editing ? `Edit “${editing.name}”` : 'New schedule'}</h2>
      <label className="field">
        Name
        <input value={f.name} onChange={(e) => set({ name: e.target.value })} required maxLength={200} />
      </label>
      <div className="schedule-row">
        <label className="field">
          What
          <select value={f.kind} onChange={(e) => set({ kind: e.target.value as FormState['kind'] })}>
            <option value="digest">Timeline digest</option>
            <option value="dashboard">Dashboard</option>
          </select>
        </label>
        {f.kind === 'digest' ? (
          <label className="field">
            Digest of
            <select
              value={f.digestBy}
              onChange={(e) => set({ digestBy: e.target.value as FormState['digestBy'], digestValue: '' })}
            >
              <option value="team_id">A team</option>
              <option value="customer_id">A customer</option>
              <option value="segment">A segment</option>
            </select>
          </label>
        ) : (
          <>
            <label className="field">
              Dashboard
              <select
                value={f.dashboard}
                onChange={(e) =>
                  set({ dashboard: e.target.value as FormState['dashboard'], dashboardSubject: '' })
                }
              >
                <option value="executive">Executive</option>
                <option value="team">Team</option>
                <option value="individual">Individual</option>
              </select>
            </label>
            <label className="field">
              Period
              <select
                value={f.period}
                onChange={(e) => set({ period: e.target.value as FormState['period'] })}
              >
                <option value="last_day">Last day</option>
                <option value="last_7_days">Last 7 days</option>
                <option value="last_30_days">Last 30 days</option>
              </select>
            </label>
          </>
        )}
        <SubjectSelect f={f} set={set} />
      </div>
      <div className="schedule-row">
        <label className="field">
          When
          <select value={f.timing} onChange={(e) => set({ timing: e.target.value as FormState['timing'] })}>
            <option value="day">Daily</option>
            <option value="week">Weekly</option>
            <option value="month">Monthly</option>
            <option value="cron">Cron expression</option>
          </select>
        </label>
        {f.timing === 'cron' ? (
          <label className="field">
            Cron
            <input value={f.cron} onChange={(e) => set({ cron: e.target.value })} placeholder="0 8 * * 1-5" />
          </label>
        ) : (
          <label className="field">
            At
            <input type="time" value={f.at} onChange={(e) => set({ at: e.target.value })} required />
          </label>
        )}
        {f.timing === 'week' && (
          <label className="field">
            Weekday
            <select value={f.weekday} onChange={(e) => set({ weekday: Number(e.target.value) })}>
              {WEEKDAYS.map((d, i) => (
                <option key={d} value={i + 1}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        )}
        {f.timing === 'month' && (
          <label className="field">
            Day of month
            <input
              type="number"
              min={1}
              max={28}
              value={f.day}
              onChange={(e) => set({ day: Number(e.target.value) })}
            />
          </label>
        )}
        <label className="field">
          Time zone
          <input value={f.timezone} onChange={(e) => set({ timezone: e.target.value })} required />
        </label>
        <label className="field">
          Format
          <select value={f.format} onChange={(e) => set({ format: e.target.value as FormState['format'] })}>
            <option value="json">JSON</option>
            <option value="csv">CSV</option>
            <option value="html">HTML</option>
          </select>
        </label>
      </div>
      <label className="field">
        Recipients (one email address or https:// webhook URL per line)
        <textarea
          rows={3}
          value={f.recipients}
          onChange={(e) => set({ recipients: e.target.value })}
          required
        />
      </label>
      <ScheduleOptions f={f} set={set} />
      {save.error && (
        <p className="state-error" role="alert">
          {save.error instanceof ApiError ? save.error.message : 'The server could not be reached.'}
        </p>
      )}
      <div className="schedule-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {editing ? 'Save changes' : 'Create schedule'}
        </button>
        <button type="button" className="btn" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
