/**
 * The time zones this server accepts: exactly those both the runtime (Intl) and the database know.
 * Node's Intl accepts names PostgreSQL has dropped (`US/Pacific-New`, `Canada/East-Saskatchewan`),
 * which then failed in SQL as a 500; a name is accepted here only when the database lists it
 * (pg_timezone_names, read once at start) and Intl maps it to a canonical name the database lists
 * too. That canonical name is what every reader gets (SQL, the replica's DuckDB/ICU, Intl), so all
 * read the same zone. (The replica's DuckDB knows every such name: zone-catalogue.test.ts.)
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** A canonical zone name both engines know; only this module makes one. */
export type Zone = string & { readonly __zone: unique symbol };

/** Lower-cased accepted name → canonical zone; undefined until a database was read. */
let known: Map<string, Zone> | undefined;

function intlCanonical(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Reads the database's zones (once per process start). A second database narrows the set. */
export async function loadZoneCatalogue(db: Db): Promise<void> {
  const { rows } = await sql<{ name: string }>`select name from pg_timezone_names`.execute(db.kysely);
  const inDb = new Set(rows.map((r) => r.name));
  const next = new Map<string, Zone>();
  for (const name of inDb) {
    const canonical = intlCanonical(name);
    if (canonical !== undefined && inDb.has(canonical)) next.set(name.toLowerCase(), canonical as Zone);
  }
  // Several databases in one process (tests on both engines): accept what all of them know.
  const before = known;
  known = before ? new Map([...next].filter(([key]) => before.has(key))) : next;
}

/**
 * The canonical zone of `name` (case-insensitive), or undefined when the runtime or the database
 * does not know it. Before any database was read (unit tests of pure functions): Intl alone.
 */
export function zoneOf(name: string): Zone | undefined {
  if (!known) return intlCanonical(name) as Zone | undefined;
  return known.get(name.toLowerCase());
}

/** Every accepted zone, canonical names only. */
export function knownZones(): Zone[] {
  return [...new Set(known?.values() ?? [])].sort();
}
