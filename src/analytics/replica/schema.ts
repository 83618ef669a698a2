/**
 * The columnar replica's tables (DuckDB). Derived data only: everything here can be rebuilt from
 * the system of record (PostgreSQL or PGlite) at any time, so there are no migrations: a replica
 * whose schema version differs is dropped and reloaded.
 *
 * Instants are integers (epoch microseconds, PostgreSQL's own precision): arithmetic and grouping
 * on integers is several times cheaper than on timestamps, and calendar buckets in a zone are
 * computed from the period's few UTC offsets (local-time.ts), never per row through ICU.
 */
/**
 * Raised when the stored shape or its content rules change. 8: no new shape, but loads before it
 * could repeat rows at page boundaries when instants had microseconds (source-rows.ts), so every
 * replica is reloaded once.
 */
export const REPLICA_SCHEMA_VERSION = 8;

/** The tables holding a company's rows (all but replica_meta): what a load empties and an upgrade drops. */
export const COMPANY_TABLES = [
  'watermarks',
  'events',
  'tails',
  'open_inbound',
  'customers',
  'users',
] as const;

export const REPLICA_DDL = [
  `create table if not exists replica_meta (key varchar primary key, value varchar not null)`,
  // Per company: every change of the change log up to `seq` is applied; written in the same
  // transaction as the rows, so a crash or restart resumes exactly.
  `create table if not exists watermarks (
    company_id uuid primary key,
    seq bigint not null,
    loaded_at timestamptz not null,
    applied_at timestamptz not null,
    -- Changes up to here may already be in the rows (see load-company.ts): replace, never add.
    dedupe_through bigint not null
  )`,
  // Live (not soft-deleted) events only, with the columns analytics read.
  `create table if not exists events (
    company_id uuid not null,
    id uuid not null,
    customer_id uuid not null,
    contact_id uuid,
    user_id uuid not null,
    event_type varchar not null,
    event_source varchar not null,
    direction varchar,
    status varchar not null,
    priority varchar not null,
    sentiment varchar,
    outcome varchar,
    thread_id varchar,
    has_due_at boolean not null,
    -- When a scheduled activity is due: event_data.due_at when it is an ISO timestamp, else ts_us.
    due_us bigint not null,
    ts_us bigint not null,
    duration_minutes integer,
    engagement_score double,
    participants varchar[] not null,
    seq bigint not null,
    -- Sequence facts (sequence-facts.ts), kept by whatever writes the rows: the customer's events
    -- in (ts_us, id) order. type_code: the type's journey code; prev_us …
    -- prev4_us: instants of the 1st … 4th previous event; prev_types: their type codes, one base-16
    -- digit each, the previous one lowest (0: none). For inbound events, the first reply: the first
    -- later outbound event of the customer (of the thread when the inbound has one).
    type_code utinyint,
    prev_us bigint,
    prev2_us bigint,
    prev3_us bigint,
    prev4_us bigint,
    prev_types integer,
    reply_us bigint,
    reply_user_id uuid
  )`,
  // The writer's own bookkeeping (sequence-tails.ts), so that appending an event at the end of its
  // customer's sequence costs its batch, not the company's history. Per customer with events: its
  // last event in (ts_us, id) order and that event's sequence facts, which are all a later event's
  // positional facts need.
  `create table if not exists tails (
    company_id uuid not null,
    customer_id uuid not null,
    last_id uuid not null,
    ts_us bigint not null,
    type_code utinyint not null,
    prev_us bigint,
    prev2_us bigint,
    prev3_us bigint,
    prev_types integer not null
  )`,
  // Inbound events without a first reply yet (reply_us is null): the only earlier events a new
  // outbound event can change.
  `create table if not exists open_inbound (
    company_id uuid not null,
    customer_id uuid not null,
    id uuid not null,
    ts_us bigint not null,
    thread_id varchar
  )`,
  // The directory facts figures group and filter by (names are read from the system of record).
  `create table if not exists customers (
    company_id uuid not null,
    id uuid not null,
    segment varchar,
    primary key (company_id, id)
  )`,
  `create table if not exists users (
    company_id uuid not null,
    id uuid not null,
    team_id uuid,
    active boolean not null,
    primary key (company_id, id)
  )`,
];
