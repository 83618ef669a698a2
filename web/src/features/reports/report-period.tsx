/**
 * The report's period, as stored with it (definition.period): a relative period (Last 30 days,
 * This month, …) that stays relative, or absolute dates (first and last day, whole days in the
 * run's zone). The preview runs the definition with it, so the server names it in the subtitle,
 * and saving keeps it: a scheduled or shared run covers what the builder showed.
 */
import { useId } from 'react';
import { zonedTime } from '../../../../src/time/local-calendar.js';
import {
  RELATIVE_RANGE_LABELS,
  RELATIVE_RANGES,
  type RelativeRange,
} from '../../../../src/timelines/catalogue.js';
import type { ReportDefinition } from '../../api/useReportsQuery.js';

export const CUSTOM = 'custom';

/** A relative period, or absolute ISO instants (`to` exclusive). */
export type PeriodChoice = { relative: RelativeRange } | { from: string; to: string };

/** What a run covers without a stored period (the server's default window). */
export const DEFAULT_PERIOD: PeriodChoice = { relative: 'last_30_days' };

/** A stored period as the picker's choice; none, or {} (all time, run as the default), reads as the default. */
export function choiceOf(stored: ReportDefinition['period']): PeriodChoice {
  if (stored?.relative) return { relative: stored.relative };
  if (stored?.from && stored.to) return { from: stored.from, to: stored.to };
  return DEFAULT_PERIOD;
}

const isRelative = (c: PeriodChoice): c is { relative: RelativeRange } => 'relative' in c;

export function ReportPeriod({
  choice,
  zone,
  shown,
  onChange,
}: {
  choice: PeriodChoice;
  /** The run's zone: dates are whole days there, as the run's subtitle and buckets read them. */
  zone: string;
  /** The period the preview ran over: where "Dates…" starts when chosen from a relative period. */
  shown?: { from: string; to: string };
  onChange: (c: PeriodChoice) => void;
}) {
  const ids = { range: useId(), first: useId(), last: useId() };
  // A date input speaks in days of the run's zone: YYYY-MM-DD ↔ the instant that day starts.
  const dayOf = (iso?: string) => (iso ? new Date(iso).toLocaleDateString('en-CA', { timeZone: zone }) : '');
  const startOf = (day: string, plus = 0) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(zonedTime(zone, y ?? 1970, m ?? 1, (d ?? 1) + plus)).toISOString();
  };
  const pick = (value: string) => {
    if (value !== CUSTOM) return onChange({ relative: value as RelativeRange });
    // Absolute dates start from the days the preview showed, ready to be changed.
    const now = new Date().toISOString();
    const from = shown?.from ?? new Date(Date.now() - 30 * 86_400_000).toISOString();
    const last = new Date(Date.parse(shown?.to ?? now) - 1).toISOString();
    onChange({ from: startOf(dayOf(from)), to: startOf(dayOf(last), 1) });
  };
  const absolute = isRelative(choice) ? null : choice;
  // `to` is exclusive: the last day shown is the day before it.
  const lastDay = absolute ? dayOf(new Date(Date.parse(absolute.to) - 1).toISOString()) : '';
  return (
    <div className="toolbar report-period">
      <label htmlFor={ids.range}>Period</label>
      <select
        id={ids.range}
        className="input"
        value={isRelative(choice) ? choice.relative : CUSTOM}
        onChange={(e) => pick(e.target.value)}
      >
        {RELATIVE_RANGES.map((r) => (
          <option key={r} value={r}>
            {RELATIVE_RANGE_LABELS[r]}
          </option>
        ))}
        <option value={CUSTOM}>Dates…</option>
      </select>
      {absolute ? (
        <>
          <label htmlFor={ids.first}>First day</label>
          <input
            id={ids.first}
            type="date"
            className="input"
            value={dayOf(absolute.from)}
            max={lastDay || undefined}
            onChange={(e) => e.target.value && onChange({ ...absolute, from: startOf(e.target.value) })}
          />
          <label htmlFor={ids.last}>Last day</label>
          <input
            id={ids.last}
            type="date"
            className="input"
            value={lastDay}
            min={dayOf(absolute.from) || undefined}
            onChange={(e) => e.target.value && onChange({ ...absolute, to: startOf(e.target.value, 1) })}
          />
        </>
      ) : null}
    </div>
  );
}
