/** Personal KPIs with goals: a gauge per metric and an editor that stores goals as user preferences. */
import { useId, useState } from 'react';
import { gaugeOption } from '../../../../src/charts/builders.js';
import { GOAL_METRICS, type GoalMetric, type Preferences } from '../../../../src/me/schema.js';
import { usePreferencesQuery, useSavePreferences } from '../../api/usePreferencesQuery.js';
import { EChart } from '../../charts/chart.js';
import { ErrorState } from '../../components/states.js';
import { fmtNumber, formatMinutes } from './period.js';

export const GOAL_LABELS: Record<GoalMetric, { label: string; unit: string }> = {
  activities: { label: 'Activities', unit: 'events' },
  calls: { label: 'Calls', unit: 'calls' },
  emails: { label: 'Emails', unit: 'emails' },
  meetings: { label: 'Meetings', unit: 'meetings' },
  customers_touched: { label: 'Customers touched', unit: 'customers' },
  duration_minutes: { label: 'Time with customers', unit: 'minutes' },
};

/** `values` are this period's figures; goals are per 30 days and scaled to the period length. */
export function Goals({ values, days }: { values: Record<GoalMetric, number>; days: number }) {
  const prefs = usePreferencesQuery();
  const [editing, setEditing] = useState(false);
  const goals = prefs.data?.goals ?? {};
  const scale = days / 30;
  // Only the goals the user set: six "No goal set" tiles say nothing six times.
  const set = GOAL_METRICS.filter((m) => goals[m] !== undefined && goals[m] > 0);
  return (
    <section className="card" aria-labelledby="goals-title">
      <header className="card-head">
        <div>
          <h2 id="goals-title">My KPIs and goals</h2>
          <p className="muted">
            Progress this period against your goals (goals are per 30 days, scaled to {days} days)
          </p>
        </div>
        <button type="button" className="btn" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          {editing ? 'Close' : 'Set goals'}
        </button>
      </header>
      {prefs.error && <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />}
      {editing && <GoalEditor goals={goals} onDone={() => setEditing(false)} />}
      {set.length === 0 ? (
        <p className="muted" data-testid="no-goals">
          No goals yet: set one to follow your progress here.
        </p>
      ) : (
        <div className="tiles">
          {set.map((m) => {
            const goal = Math.round((goals[m] ?? 0) * scale);
            const shown = m === 'duration_minutes' ? formatMinutes(values[m]) : fmtNumber(values[m]);
            return (
              <div className="tile" key={m} data-testid={`goal-${m}`}>
                <span className="tile-label">{GOAL_LABELS[m].label}</span>
                <span className="tile-value">
                  <span data-value>{shown}</span>{' '}
                  {m !== 'duration_minutes' && <small className="muted">{GOAL_LABELS[m].unit}</small>}
                </span>
                <EChart
                  height={110}
                  table={false}
                  label={`${GOAL_LABELS[m].label}: ${values[m]} of ${goal}`}
                  option={gaugeOption(values[m], goal, `of ${fmtNumber(goal)}`)}
                />
                <span className={values[m] >= goal ? 'delta-up' : 'muted'}>
                  {values[m] >= goal ? '✓ Goal reached' : `${fmtNumber(goal - values[m])} to go`}
                </span>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}

function GoalEditor({ goals, onDone }: { goals: NonNullable<Preferences['goals']>; onDone: () => void }) {
  const save = useSavePreferences();
  const [draft, setDraft] = useState<Record<string, string>>(
    Object.fromEntries(GOAL_METRICS.map((m) => [m, goals[m] === undefined ? '' : String(goals[m])])),
  );
  const base = useId();
  return (
    <form
      className="filter-grid"
      onSubmit={(e) => {
        e.preventDefault();
        const next = Object.fromEntries(
          Object.entries(draft)
            .filter(([, v]) => v.trim() !== '')
            .map(([k, v]) => [k, Math.max(0, Number(v))]),
        );
        save.mutate({ goals: next }, { onSuccess: onDone });
      }}
    >
      {GOAL_METRICS.map((m) => (
        <div className="field" key={m}>
          <label htmlFor={`${base}-${m}`}>
            {GOAL_LABELS[m].label} per 30 days ({GOAL_LABELS[m].unit})
          </label>
          <input
            id={`${base}-${m}`}
            className="input"
            type="number"
            min={0}
            inputMode="numeric"
            value={draft[m]}
            onChange={(e) => setDraft({ ...draft, [m]: e.target.value })}
          />
        </div>
      ))}
      <div className="toolbar">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save goals'}
        </button>
        {save.error ? <ErrorState error={save.error} /> : null}
      </div>
    </form>
  );
}
