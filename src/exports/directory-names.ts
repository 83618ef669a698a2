/**
 * Directory facts of export pages (customer name and segment, owner's name and current team), read
 * once per export for each customer and user met instead of once per row: the per-row look-ups
 * were two primary-key probes per event, about as much database time as walking the events. A
 * page's unknown ids are read in one statement; what a page names equals the look-ups'
 * left-join reading (unknown ids name nothing). A name is the directory's when first met during the
 * export, as pages read at different moments already were. The caches are bounded: past
 * MAX_CACHED entries they start over, so a company of millions of customers costs memory only
 * in proportion to MAX_CACHED.
 */
import { sql } from 'kysely';
import type { Scope } from '../db/scope.js';
import type { EventField } from './event-columns.js';

/** Entries kept per directory table before the cache starts over (about 200 bytes each). */
const MAX_CACHED = 20_000;

interface CustomerFacts {
  customer_name: string | null;
  customer_segment: string | null;
}
interface UserFacts {
  user_name: string | null;
  team_id: string | null;
}
const NO_CUSTOMER: CustomerFacts = { customer_name: null, customer_segment: null };
const NO_USER: UserFacts = { user_name: null, team_id: null };

/** A page row as read: the keys the directory is looked up by, and the fields filled in. */
export type DirectoryRow = Record<string, unknown> & {
  customer_id: string | null;
  user_id: string | null;
  visibility: string;
};

/** The fields of `fields` that come from the directory. */
export const DIRECTORY_FIELDS = new Set<EventField>([
  'customer_name',
  'customer_segment',
  'user_name',
  'team_id',
]);

/**
 * A filler for one export's pages: sets the directory fields `fields` asks for on each row, and
 * the owner's team of every `team` event (the content rule reads it even when not exported).
 */
export function directoryFiller(scope: Scope, fields: ReadonlySet<EventField>, maxCached = MAX_CACHED) {
  const withCustomer = fields.has('customer_name') || fields.has('customer_segment');
  const withUser = fields.has('user_name') || fields.has('team_id');
  const customers = new Map<string, CustomerFacts>();
  const users = new Map<string, UserFacts>();

  async function loadCustomers(ids: string[]) {
    const { rows } = await sql<{ id: string } & CustomerFacts>`select id, name as customer_name,
      segment as customer_segment from customers
      where company_id = ${scope.companyId} and id = any(${ids}::uuid[])`.execute(scope.db);
    for (const id of ids) customers.set(id, NO_CUSTOMER);
    for (const { id, ...facts } of rows) customers.set(id, facts);
  }
  async function loadUsers(ids: string[]) {
    const { rows } = await sql<{ id: string } & UserFacts>`select id, name as user_name, team_id from users
      where company_id = ${scope.companyId} and id = any(${ids}::uuid[])`.execute(scope.db);
    for (const id of ids) users.set(id, NO_USER);
    for (const { id, ...facts } of rows) users.set(id, facts);
  }

  const setCustomer = (r: DirectoryRow, f: CustomerFacts) => {
    r.customer_name = f.customer_name;
    r.customer_segment = f.customer_segment;
  };
  const setUser = (r: DirectoryRow, f: UserFacts) => {
    r.user_name = f.user_name;
    r.team_id = f.team_id;
  };

  /** One pass sets what the caches hold; the rows they lack wait for one statement per table. */
  return async function fill(rows: DirectoryRow[]): Promise<void> {
    if (customers.size > maxCached) customers.clear();
    if (users.size > maxCached) users.clear();
    const lackCustomer: DirectoryRow[] = [];
    const lackUser: DirectoryRow[] = [];
    for (const r of rows) {
      if (withCustomer) {
        const f = r.customer_id === null ? NO_CUSTOMER : customers.get(r.customer_id);
        if (f) setCustomer(r, f);
        else lackCustomer.push(r);
      }
      if (withUser || r.visibility === 'team') {
        const f = r.user_id === null ? NO_USER : users.get(r.user_id);
        if (f) setUser(r, f);
        else lackUser.push(r);
      }
    }
    const ids = (lack: DirectoryRow[], key: 'customer_id' | 'user_id') => [
      ...new Set(lack.map((r) => r[key] as string)),
    ];
    await Promise.all([
      lackCustomer.length ? loadCustomers(ids(lackCustomer, 'customer_id')) : null,
      lackUser.length ? loadUsers(ids(lackUser, 'user_id')) : null,
    ]);
    for (const r of lackCustomer) setCustomer(r, customers.get(r.customer_id as string) ?? NO_CUSTOMER);
    for (const r of lackUser) setUser(r, users.get(r.user_id as string) ?? NO_USER);
  };
}
