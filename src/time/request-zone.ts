/**
 * The one place a request's time zone is decided: its `tz` parameter, else the company's zone,
 * resolved to a canonical Zone (or a 400 naming the parameter). Routes call it once and pass the
 * Zone down; nothing below makes a zone canonical again.
 */
import { getCompanySettings } from '../company/queries.js';
import type { Scope } from '../db/scope.js';
import { invalid } from '../errors.js';
import { type Zone, zoneOf } from './zone-catalogue.js';

/** `tz` as a canonical zone; 400 naming `path` when the runtime or the database does not know it. */
export function assertZone(tz: string, path = 'query.tz'): Zone {
  const zone = zoneOf(tz);
  if (zone === undefined) {
    throw invalid(`Unknown time zone "${tz}".`, [
      { path, message: 'must be an IANA time zone known to this server, such as Europe/Paris' },
    ]);
  }
  return zone;
}

/**
 * The company's zone. One stored before zones were checked against the database (an alias only
 * Intl knows) is read through Intl's canonical name rather than failing every request.
 */
export async function companyZone(scope: Scope): Promise<Zone> {
  const { timezone } = await getCompanySettings(scope);
  const zone = zoneOf(timezone);
  if (zone) return zone;
  let canonical: string | undefined;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {}
  const fallback = canonical === undefined ? undefined : zoneOf(canonical);
  if (fallback) return fallback;
  throw invalid(
    `The company's time zone "${timezone}" is not supported; change it in PUT /company/settings.`,
    [{ path: 'company.timezone', message: 'must be an IANA time zone known to this server' }],
  );
}

/** The request's zone: `tz` when given, else the company's. */
export async function resolveRequestZone(
  scope: Scope,
  tz: string | undefined,
  path = 'query.tz',
): Promise<Zone> {
  return tz === undefined ? companyZone(scope) : assertZone(tz, path);
}
