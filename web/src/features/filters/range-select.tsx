/**
 * The date range: presets people expect (Today … This quarter, Last N days, All time) and Custom
 * (two dates, whole local days in the page's zone), with the zone named beside it and changeable.
 */
import { useId, useMemo } from 'react';
import { addDays, zonedTime } from '../../../../src/time/local-calendar.js';
import { useCompanySettingsQuery } from '../../api/useCompanySettingsQuery.js';
import { usePreferencesQuery, useSavePreferences } from '../../api/usePreferencesQuery.js';
import { useDisplayZone } from '../timeline-view/display-zone.js';
import { RANGE_PRESETS } from './url-filters.js';

interface Props {
  /** A preset id, 'custom' (from/to set) or 'all'. */
  value: string;
  from?: string;
  to?: string;
  onPreset: (id: string) => void;
  onCustom: (from?: string, to?: string) => void;
}

export function RangeSelect({ value, from, to, onPreset, onCustom }: Props) {
  const id = useId();
  const { zone, date } = useDisplayZone();
  // A date input speaks in days of the page's zone: YYYY-MM-DD ↔ the instant that day starts.
  const dayOf = (iso?: string) => (iso ? new Date(iso).toLocaleDateString('en-CA', { timeZone: zone }) : '');
  const startOf = (day: string, plus = 0) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(zonedTime(zone, y ?? 1970, m ?? 1, (d ?? 1) + plus)).toISOString();
  };
  // `to` is exclusive: the last day shown is the day before it.
  const lastDay = to ? dayOf(new Date(Date.parse(to) - 1).toISOString()) : '';
  return (
    <div className="range-select">
      <label htmlFor={id} className="sr-only">
        Date range
      </label>
      <select
        id={id}
        className="input"
        value={value}
        title={
          value === 'custom' && from ? `${date.format(new Date(from))} – ${to ? lastDay : '…'}` : undefined
        }
        onChange={(e) => {
          if (e.target.value !== 'custom') return onPreset(e.target.value);
          // Custom starts from the last 7 whole days, ready to be changed.
          const now = Date.now();
          const iso = (ms: number) => new Date(ms).toISOString();
          onCustom(from ?? iso(addDays(now, -6, zone)), to ?? iso(addDays(now, 1, zone)));
        }}
      >
        {RANGE_PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
        <option value="custom">Custom…</option>
      </select>
      {value === 'custom' && (
        <span className="range-custom">
          <label>
            <span className="sr-only">First day</span>
            <input
              type="date"
              className="input"
              value={dayOf(from)}
              onChange={(e) => onCustom(e.target.value ? startOf(e.target.value) : undefined, to)}
            />
          </label>
          <span aria-hidden="true">–</span>
          <label>
            <span className="sr-only">Last day</span>
            <input
              type="date"
              className="input"
              value={lastDay}
              onChange={(e) => onCustom(from, e.target.value ? startOf(e.target.value, 1) : undefined)}
            />
          </label>
        </span>
      )}
      <ZonePicker />
    </div>
  );
}

/** "Times in America/New_York (EDT)": the page's zone, saved as the user's preference when changed. */
function ZonePicker() {
  const id = useId();
  const { zone, zoneName } = useDisplayZone();
  const prefs = usePreferencesQuery();
  const company = useCompanySettingsQuery();
  const save = useSavePreferences();
  const zones = useMemo(() => {
    const all =
      (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    return [...new Set([zone, ...all])];
  }, [zone]);
  const companyZone = company.data?.timezone;
  return (
    <span className="zone-picker">
      <label htmlFor={id}>Times in</label>
      <select
        id={id}
        className="input"
        value={zone}
        disabled={!prefs.isSuccess || save.isPending}
        onChange={(e) => {
          const { time_zone: _, ...rest } = prefs.data ?? {};
          // The company's zone is the default: choosing it clears the preference.
          save.mutate(e.target.value === companyZone ? rest : { ...rest, time_zone: e.target.value });
        }}
      >
        {zones.map((z) => (
          <option key={z} value={z}>
            {z.replace(/_/g, ' ')}
            {z === zone ? ` (${zoneName()})` : ''}
            {z === companyZone ? ' · company' : ''}
          </option>
        ))}
      </select>
    </span>
  );
}
