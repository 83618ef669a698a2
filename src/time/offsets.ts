/**
 * A zone's UTC offset at an instant, from Intl, with one formatter per zone (building a
 * DateTimeFormat costs far more than using one). Shared by the replica's local-time SQL, the
 * business-hours clock and anything else that maps instants to wall-clock time.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
export function offsetAt(zone: string, ms: number): number {
  const at = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(at))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const local = Date.UTC(
    year,
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const d = new Date(local);
  d.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  return d.getTime() - at;
}
