/**
 * One time zone per page: the user's chosen zone (preference `time_zone`), else the company's. Every
 * time on the timeline pages (rows, day headers, chips, drawer, the strip's buckets) is formatted in
 * it with Intl, so a "Monday, May 4" header and a "From 4 May, 00:00" chip always agree.
 */
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { useCompanySettingsQuery } from '../../api/useCompanySettingsQuery.js';
import { usePreferencesQuery } from '../../api/usePreferencesQuery.js';
import { Spinner } from '../../components/states.js';

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export interface DisplayZone {
  zone: string;
  /**
   * The zone to send as `tz`: undefined when it is the company's (the server's default), so the
   * strip's request equals the one main.tsx asks for before the page has loaded.
   */
  tz?: string;
  /** False until the preference and the company's zone are known (requests wait, not refetch). */
  ready: boolean;
  /** "Monday, 4 May 2026" */
  day: Intl.DateTimeFormat;
  /** "14:05" */
  time: Intl.DateTimeFormat;
  /** "4 May 2026, 14:05" */
  dateTime: Intl.DateTimeFormat;
  /** "4 May 2026" */
  date: Intl.DateTimeFormat;
  /** "4 May" */
  shortDate: Intl.DateTimeFormat;
  /** The zone's short name at an instant, e.g. "EDT" or "GMT+2". */
  zoneName: (ms?: number) => string;
}

export function displayZone(zone: string, company?: string, ready = true): DisplayZone {
  const f = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(undefined, { timeZone: zone, ...options });
  const name = f({ timeZoneName: 'short' });
  return {
    zone,
    tz: zone === company ? undefined : zone,
    ready,
    day: f({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    time: f({ hour: '2-digit', minute: '2-digit' }),
    dateTime: f({ dateStyle: 'medium', timeStyle: 'short' }),
    date: f({ dateStyle: 'medium' }),
    shortDate: f({ day: 'numeric', month: 'short' }),
    zoneName: (ms = Date.now()) =>
      name.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? zone,
  };
}

const ZoneContext = createContext<DisplayZone>(displayZone(browserZone));

/**
 * The display zone for the page below. Children render once the preference and the company's zone
 * are known (main.tsx asks for both first), so no time is ever shown in another zone and redrawn.
 */
export function DisplayZoneProvider({ children }: { children: ReactNode }) {
  const { zone, company, ready } = useZoneChoice();
  const value = useMemo(() => displayZone(zone, company, ready), [zone, company, ready]);
  if (!ready) return <Spinner label="Loading your settings" />;
  return <ZoneContext.Provider value={value}>{children}</ZoneContext.Provider>;
}

export function useDisplayZone(): DisplayZone {
  return useContext(ZoneContext);
}

/** The preference, else the company's zone, else (neither answered) the browser's. */
export function useChosenZone(): string {
  return useZoneChoice().zone;
}

/** The zone chosen for the viewer (preference, else the company's), the company's, and whether both answered. */
export function useZoneChoice() {
  const prefs = usePreferencesQuery();
  const settings = useCompanySettingsQuery();
  const company = valid(settings.data?.timezone);
  return {
    zone: valid(prefs.data?.time_zone) ?? company ?? browserZone,
    company,
    ready: !prefs.isPending && !settings.isPending,
  };
}

function valid(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}
