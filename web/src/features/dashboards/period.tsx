/** The dashboards' period (in the URL as ?range=, default 30 days) and drill-down to the timeline. */
import { useId, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { type Filters, RANGE_PRESETS, timelineHref } from '../filters/url-filters.js';
import { DEFAULT_RANGE, periodFrom } from './period-range.js';

const CHOICES = RANGE_PRESETS.filter((p) => p.days !== null && p.days > 0);

export function usePeriod() {
  const [params, setParams] = useSearchParams();
  const range = params.get('range') ?? DEFAULT_RANGE;
  const label = CHOICES.find((c) => c.id === range)?.label ?? 'Last 30 days';
  const from = useMemo(() => periodFrom(range), [range]);
  const setRange = (r: string) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      n.set('range', r);
      return n;
    });
  return { range, label: label.toLowerCase(), from, setRange };
}

export function PeriodSelect({ range, onChange }: { range: string; onChange: (r: string) => void }) {
  const id = useId();
  return (
    <div className="toolbar">
      <label htmlFor={id}>Period</label>
      <select id={id} className="input" value={range} onChange={(e) => onChange(e.target.value)}>
        {CHOICES.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * "Data as of 14:32:05": when the analytics last took in a change, and how many committed changes
 * they lacked when read (shown only when behind), so nobody mistakes a lagging figure for a live one.
 */
export function DataAsOf({ freshness }: { freshness?: { as_of: string; lag: number } }) {
  if (!freshness) return null;
  const at = new Date(freshness.as_of);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <p className="muted as-of" title={at.toLocaleString()}>
      Data as of {time}
      {freshness.lag > 0 ? ` · ${freshness.lag.toLocaleString()} newer changes still arriving` : ''}
    </p>
  );
}

/** Navigates to the timeline filtered to a chart slice (within the dashboard's period). */
export function useDrill(base: Filters) {
  const navigate = useNavigate();
  return (slice: Filters) => void navigate(timelineHref({ ...base, ...slice }));
}

export function formatChange(rel: number | null | undefined): { text: string; className: string } {
  if (rel === null || rel === undefined) return { text: 'no previous data', className: 'muted' };
  // One decimal everywhere, like every other percentage on the dashboards ("47.1 %", never "48%").
  const pct = Math.round(rel * 1000) / 10;
  return {
    text: `${pct >= 0 ? '▲ +' : '▼ '}${pct.toFixed(1)} % vs previous period`,
    className: pct >= 0 ? 'delta-up' : 'delta-down',
  };
}

/** A figure with exactly `digits` decimals, so "48.0 %" sits beside "47.1 %" (not "48 %"). */
export const fmtNumber = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined
    ? '—'
    : n.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatMinutes(m: number | null | undefined): string {
  if (m === null || m === undefined) return '—';
  if (m < 60) return `${Math.round(m)} min`;
  if (m < 60 * 48) return `${(m / 60).toFixed(1)} h`;
  return `${(m / 1440).toFixed(1)} days`;
}
