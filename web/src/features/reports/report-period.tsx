/**
 * The builder's period: the dashboards' presets (Last 7/30/90 days, …) or absolute dates (first and
 * last day, whole days in the page's zone). Absolute dates are saved with the report as its default
 * period, so a scheduled or shared run covers the same days; a preset is the preview's only.
 */
import { useId, useMemo, useState } from 'react';
import { zonedTime } from '../../../../src/time/local-calendar.js';
import type { RunPeriod } from '../../api/useReportsQuery.js';
import { RANGE_PRESETS, toApiFilters } from '../filters/url-filters.js';
import { useDisplayZone } from '../timeline-view/display-zone.js';

const CHOICES = RANGE_PRESETS.filter((p) => p.days !== null && p.days > 0);
export const CUSTOM = 'custom';

export interface PeriodChoice {
  /** A preset id, or 'custom' with from/to (ISO instants, `to` exclusive). */
  range: string;
  from?: string;
  to?: string;
}

/** The period state and what the preview sends for it. */
export function useReportPeriod() {
  const [choice, setChoice] = useState<PeriodChoice>({ range: '30d' });
  const period = useMemo<RunPeriod>(
    () =>
      choice.range === CUSTOM
        ? { from: choice.from, to: choice.to }
        : { from: toApiFilters({ range: choice.range }).from },
    [choice],
  );
  return { choice, setChoice, period };
}

export function ReportPeriod({
  choice,
  onChange,
}: {
  choice: PeriodChoice;
  onChange: (c: PeriodChoice) => void;
}) {
  const ids = { range: useId(), first: useId(), last: useId() };
  const { zone } = useDisplayZone();
  // A date input speaks in days of the page's zone: YYYY-MM-DD ↔ the instant that day starts.
  const dayOf = (iso?: string) => (iso ? new Date(iso).toLocaleDateString('en-CA', { timeZone: zone }) : '');
  const startOf = (day: string, plus = 0) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(zonedTime(zone, y ?? 1970, m ?? 1, (d ?? 1) + plus)).toISOString();
  };
  // `to` is exclusive: the last day shown is the day before it.
  const lastDay = choice.to ? dayOf(new Date(Date.parse(choice.to) - 1).toISOString()) : '';
  const pick = (range: string) => {
    if (range !== CUSTOM) return onChange({ range });
    // Absolute dates start from the preset's days, ready to be changed.
    const now = new Date().toISOString();
    const from = choice.range === CUSTOM ? choice.from : toApiFilters({ range: choice.range }).from;
    onChange({ range: CUSTOM, from: startOf(dayOf(from ?? now)), to: startOf(dayOf(now), 1) });
  };
  return (
    <div className="toolbar report-period">
      <label htmlFor={ids.range}>Period</label>
      <select id={ids.range} className="input" value={choice.range} onChange={(e) => pick(e.target.value)}>
        {CHOICES.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
        <option value={CUSTOM}>Dates…</option>
      </select>
      {choice.range === CUSTOM ? (
        <>
          <label htmlFor={ids.first}>First day</label>
          <input
            id={ids.first}
            type="date"
            className="input"
            value={dayOf(choice.from)}
            max={lastDay || undefined}
            onChange={(e) => e.target.value && onChange({ ...choice, from: startOf(e.target.value) })}
          />
          <label htmlFor={ids.last}>Last day</label>
          <input
            id={ids.last}
            type="date"
            className="input"
            value={lastDay}
            min={dayOf(choice.from) || undefined}
            onChange={(e) => e.target.value && onChange({ ...choice, to: startOf(e.target.value, 1) })}
          />
        </>
      ) : null}
    </div>
  );
}
