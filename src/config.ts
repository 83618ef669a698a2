/**
 * Environment → validated, typed configuration. Every problem is collected and reported at once,
 * so a misconfigured deployment fails with one clear list instead of one error per restart.
 */
import { availableParallelism, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** PostgreSQL URL; undefined means the embedded database (PGlite) in dataDir. */
  databaseUrl: string | undefined;
  /** A login role for request work that cannot bypass row-level security (README "Tenant isolation"). */
  databaseTenantUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  /** Server-side limit of any one PostgreSQL statement, ms (the ceiling for bulk ingest and background work). */
  dbStatementTimeoutMs: number;
  /** Database time one read request (GET) may use across its statements, ms; then 503. */
  dbReadTimeoutMs: number;
  /** How long a request waits for a pooled PostgreSQL connection, ms; then 503. */
  dbAcquireTimeoutMs: number;
  /** How long SIGTERM waits for in-flight requests before the process exits anyway, ms. */
  shutdownTimeoutMs: number;
  /** HS256 secret for tokens; in embedded mode a generated one is kept in dataDir when unset. */
  jwtSecret: string | undefined;
  jwksUrl: string | undefined;
  /**
   * Signs what the server issues itself (timeline cursors, stream tokens) when tokens come from a
   * JWKS: the same value on every instance, so one instance accepts what another issued.
   */
  instanceSecret: string | undefined;
  jwtIssuer: string | undefined;
  jwtAudience: string | undefined;
  /** Longest token lifetime accepted (exp − iat, or exp − now without iat), seconds. */
  authMaxTokenTtlSeconds: number;
  /** Clock difference tolerated between a token's issuer and this server, seconds. */
  authClockSkewSeconds: number;
  demo: boolean;
  logLevel: string;
  bodyLimitBytes: number;
  /** How long the stream's change log is kept for resume, in hours. */
  streamRetentionHours: number;
  /** Minutes between runs of the retention purge (src/retention/); 0 = never in this process. */
  retentionIntervalMinutes: number;
  metricsToken: string | undefined;
  serveWeb: boolean;
  /** Requests per minute per token subject and per company (0 = no limit); see http/rate-limit.ts. */
  rateLimitPerToken: number;
  rateLimitPerCompany: number;
  /** Browser origins allowed to call the API (CORS); empty = closed. */
  corsOrigins: string[];
  /** CSP frame-ancestors: who may frame the web app (the host CRM does): ['*'], ["'none'"] or origins. */
  frameAncestors: string[];
  analytics: AnalyticsConfig;
  exports: ExportsConfig;
  schedules: SchedulesConfig;
}

/** Exports (src/exports/): files of export jobs and how events are read for them. */
export interface ExportsConfig {
  /** Where export jobs write their files. */
  dir: string;
  /** How long a finished job's download link (and file) stays valid, seconds. */
  linkTtlSeconds: number;
  /** Events read per keyset page while exporting (memory stays at about one page). */
  pageRows: number;
  /** Export jobs one company may have queued or running at once; the next gets 429. */
  jobsPerCompany: number;
}

/** Scheduled delivery (src/schedules/): the per-process scheduler, email and webhooks. */
export interface SchedulesConfig {
  /** Whether `serve` runs the scheduler in this process (send-now works either way). */
  enabled: boolean;
  /** How often the scheduler looks for due slots, ms. */
  tickMs: number;
  /** How long a claimed slot stays with its process before another may retake it, ms. */
  leaseMs: number;
  /** A slot delivered more than this after its time is marked late, ms. */
  lateAfterMs: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where emails go as .eml files when no SMTP is configured. */
  outboxDir: string;
  /** Hosts webhooks may reach even at private addresses (and over http://), lower case. */
  webhookAllowlist: string[];
  /** First retry delay of a failed webhook, ms (then doubled each try). */
  webhookBaseDelayMs: number;
  webhookTimeoutMs: number;
}

/** The columnar analytics replica (src/analytics/replica/) and the guard on analytics requests. */
export interface AnalyticsConfig {
  /** Directory of the replica's DuckDB file; one per process (it is derived data, never shared). */
  dir: string;
  /** DuckDB memory_limit, e.g. '6GB'. */
  memoryLimit: string;
  /** DuckDB checkpoint_threshold: the write-ahead log size that makes a commit checkpoint. */
  checkpointThreshold: string;
  threads: number;
  /** Time limit of one analytics request's queries, ms (then 503 with Retry-After). */
  queryTimeoutMs: number;
  /** How long a read waits for the latest committed change before answering with what it has, ms. */
  freshnessWaitMs: number;
  /** Analytics requests of one company running at once, and waiting beyond those (then 429). */
  companyConcurrency: number;
  companyQueue: number;
}

export const ENV_DOCS: Array<{ name: string; default: string; meaning: string }> = [
  { name: 'PORT', default: '3000', meaning: 'HTTP port.' },
  { name: 'HOST', default: '0.0.0.0', meaning: 'Interface to listen on.' },
  {
    name: 'DATABASE_URL',
    default: '(unset: embedded PGlite)',
    meaning: 'postgres:// URL of a PostgreSQL server.',
  },
  {
    name: 'DATABASE_TENANT_URL',
    default: '(unset)',
    meaning:
      "PostgreSQL URL of a login role for request work: not the tables' owner, no BYPASSRLS, a member of crm_tenant (checked at start). Then no statement of a request can leave row-level security (not even RESET ROLE); DATABASE_URL stays the owner's, for migrations and background work.",
  },

  {
    name: 'DATA_DIR',
    default: './data',
    meaning: 'Where the embedded database and its generated secret live.',
  },
  { name: 'DB_POOL_SIZE', default: '8', meaning: 'PostgreSQL connections per process (4–8 suits 2 cores).' },
  {
    name: 'DB_STATEMENT_TIMEOUT_MS',
    default: '60000',
    meaning:
      'PostgreSQL only: the longest any one statement may run (statement_timeout), bulk ingest and background work included; then 503.',
  },
  {
    name: 'DB_READ_TIMEOUT_MS',
    default: '10000',
    meaning:
      'Database time one read request (GET) may use; then its statement is cancelled (PostgreSQL) and it answers 503.',
  },
  {
    name: 'DB_POOL_ACQUIRE_TIMEOUT_MS',
    default: '5000',
    meaning: 'How long a request waits for a free PostgreSQL connection; then 503 with Retry-After.',
  },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    meaning: 'On SIGTERM, how long in-flight requests may take before the process exits anyway.',
  },
  {
    name: 'AUTH_JWT_SECRET',
    default: '(generated in embedded mode)',
    meaning:
      'HS256 secret for bearer tokens (≥ 32 chars); required with DATABASE_URL unless AUTH_JWKS_URL is set.',
  },
  { name: 'AUTH_JWKS_URL', default: '(unset)', meaning: 'JWKS URL of the host CRM for asymmetric tokens.' },
  {
    name: 'INSTANCE_SECRET',
    default: '(generated in embedded mode)',
    meaning:
      'With AUTH_JWKS_URL: the secret (≥ 32 chars, the same on every instance) signing timeline cursors and stream tokens; required with DATABASE_URL. Not used with AUTH_JWT_SECRET, which signs them then.',
  },
  { name: 'AUTH_ISSUER', default: '(unset)', meaning: 'Required `iss` claim, if set.' },
  { name: 'AUTH_AUDIENCE', default: '(unset)', meaning: 'Required `aud` claim, if set.' },
  {
    name: 'AUTH_MAX_TOKEN_TTL',
    default: '86400',
    meaning:
      'Longest token lifetime accepted, in seconds (exp − iat, or exp − now without iat). Tokens without exp are refused; an open stream ends when its token expires.',
  },
  {
    name: 'AUTH_CLOCK_SKEW',
    default: '60',
    meaning: 'Seconds of clock difference tolerated on exp, nbf and iat.',
  },
  {
    name: 'DEMO_MODE',
    default: 'on with embedded DB, off with DATABASE_URL',
    meaning: 'Seed the demo company and enable persona sign-in (true/false).',
  },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent.' },
  { name: 'BODY_LIMIT_BYTES', default: '10485760', meaning: 'Largest request body accepted (413 above).' },
  { name: 'STREAM_RETENTION_HOURS', default: '24', meaning: 'Change log kept for live-stream resume.' },
  {
    name: 'RETENTION_INTERVAL_MINUTES',
    default: '60',
    meaning: 'Minutes between retention purges (company settings say what is purged); 0 = off.',
  },
  {
    name: 'METRICS_TOKEN',
    default: '(unset: /metrics open)',
    meaning: 'Bearer token required by /metrics when set.',
  },
  { name: 'SERVE_WEB', default: 'true', meaning: 'Serve the built web app at /.' },
  {
    name: 'RATE_LIMIT_PER_TOKEN',
    default: '3000',
    meaning:
      'API requests per minute one token subject (a user or an integration) may make per instance; then 429 with Retry-After. 0 = no limit.',
  },
  {
    name: 'RATE_LIMIT_PER_COMPANY',
    default: '30000',
    meaning: 'API requests per minute of one company, all its tokens together, per instance. 0 = no limit.',
  },
  {
    name: 'CORS_ORIGINS',
    default: '(unset: closed)',
    meaning:
      'Comma-separated browser origins (https://crm.example.com) allowed to call the API cross-origin.',
  },
  {
    name: 'FRAME_ANCESTORS',
    default: '* (any site)',
    meaning:
      'Who may show the web app in a frame (the host CRM does, see postMessage sign-in): comma-separated origins, * or none.',
  },
  {
    name: 'ANALYTICS_DIR',
    default: 'DATA_DIR/analytics',
    meaning:
      'Where this process keeps its columnar analytics replica (DuckDB). Derived data, rebuilt from the database when missing; give each process on a host its own.',
  },
  {
    name: 'ANALYTICS_MEMORY_LIMIT',
    default: 'a quarter of RAM, at most 1GiB',
    meaning:
      "Memory the analytics engine may use (DuckDB memory_limit, e.g. '4GB'); a full load of a company runs under a third of it.",
  },
  { name: 'ANALYTICS_THREADS', default: 'CPU cores', meaning: 'Threads of the analytics engine.' },
  {
    name: 'ANALYTICS_CHECKPOINT_THRESHOLD',
    default: '16MB',
    meaning:
      'Write-ahead log size at which the analytics engine checkpoints while applying changes (under 5,000 new events/s at 10M events: a pause of 0.3-0.4 s about once a minute at 16MB, no shorter at 4MB, 1.2-1.3 s at 64MB); below it, the replica checkpoints when idle past 4 MiB.',
  },
  {
    name: 'ANALYTICS_QUERY_TIMEOUT',
    default: '30',
    meaning: 'Seconds one analytics request may compute before it is stopped (503 with Retry-After).',
  },
  {
    name: 'ANALYTICS_FRESHNESS_WAIT_MS',
    default: '2000',
    meaning:
      'How long an analytics read waits for the latest committed change before answering with its lag.',
  },
  {
    name: 'ANALYTICS_COMPANY_CONCURRENCY',
    default: '2',
    meaning: 'Analytics requests of one company computed at once (more wait in a queue).',
  },
  {
    name: 'ANALYTICS_COMPANY_QUEUE',
    default: '8',
    meaning: 'Analytics requests of one company that may wait; beyond it, 429 with Retry-After.',
  },
  {
    name: 'EXPORT_DIR',
    default: 'DATA_DIR/exports',
    meaning: 'Where export jobs keep their files until they expire.',
  },
  {
    name: 'EXPORT_LINK_TTL',
    default: '86400',
    meaning: "Seconds a finished export job's download link stays valid; the file is deleted after.",
  },
  { name: 'EXPORT_PAGE_ROWS', default: '5000', meaning: 'Events read per keyset page while exporting.' },
  {
    name: 'EXPORT_JOBS_PER_COMPANY',
    default: '3',
    meaning:
      'Export jobs one company may have queued or running at once; the next gets 429 with Retry-After.',
  },
  {
    name: 'SCHEDULER',
    default: 'true',
    meaning: 'Run the report scheduler in this server process (true/false).',
  },
  {
    name: 'SCHEDULER_TICK_MS',
    default: '15000',
    meaning: 'How often the scheduler looks for due report slots.',
  },
  {
    name: 'SCHEDULER_LEASE_MS',
    default: '600000',
    meaning:
      'How long a claimed slot belongs to its process; after it, another process retakes a slot whose delivery never finished.',
  },
  {
    name: 'SCHEDULER_LATE_AFTER_MS',
    default: '120000',
    meaning:
      'A slot delivered later than this after its time (e.g. missed while no server ran) is marked late.',
  },
  {
    name: 'SMTP_URL',
    default: '(unset: outbox)',
    meaning:
      'smtp:// or smtps:// URL for scheduled emails; unset, emails are written as .eml files to SCHEDULE_OUTBOX_DIR.',
  },
  { name: 'MAIL_FROM', default: 'reports@localhost', meaning: 'Sender address of scheduled emails.' },
  {
    name: 'SCHEDULE_OUTBOX_DIR',
    default: 'DATA_DIR/outbox',
    meaning: 'Where emails go when SMTP_URL is unset.',
  },
  {
    name: 'WEBHOOK_ALLOWLIST',
    default: '(unset)',
    meaning:
      'Comma-separated hosts webhooks may reach although they resolve to private or loopback addresses (and over http://).',
  },
  {
    name: 'WEBHOOK_RETRY_BASE_MS',
    default: '2000',
    meaning: 'First webhook retry delay; doubled on each of the 5 tries.',
  },
  { name: 'WEBHOOK_TIMEOUT_MS', default: '10000', meaning: 'How long one webhook POST may take.' },
];

/**
 * The analytics engine's default memory_limit: a quarter of RAM, at least 256 MiB and at most 1 GiB.
 * DuckDB keeps what it touched up to its limit (the load's sort of every event for the sequence
 * facts, then cached table blocks), so a quarter of a large machine's RAM let one process grow past
 * 2 GB at 10M events; past the limit it evicts cached blocks and spills to ANALYTICS_DIR instead.
 * A full load runs under a third of it (replica/load-memory.ts).
 */
export function defaultAnalyticsMemory(totalBytes: number): string {
  return `${Math.min(1024, Math.max(256, Math.floor(totalBytes / 4 / 2 ** 20)))}MiB`;
}

const MEMORY = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

function int(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]) {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name}=${JSON.stringify(env[name])} must be true or false`);
  return fallback;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[], problems: string[]) {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const u = new URL(raw);
    if (!protocols.includes(u.protocol)) throw new Error('protocol');
    return raw;
  } catch {
    problems.push(`${name} must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`);
    return undefined;
  }
}

/** A comma-separated list of origins (scheme://host[:port], no path), each checked. */
function origins(env: NodeJS.ProcessEnv, name: string, problems: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of list) {
    let ok = false;
    try {
      const u = new URL(origin);
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === origin;
    } catch {}
    if (!ok)
      problems.push(`${name}: ${JSON.stringify(origin)} must be an origin such as https://crm.example.com`);
  }
  return list;
}

function frameAncestors(env: NodeJS.ProcessEnv, problems: string[]): string[] {
  const raw = env.FRAME_ANCESTORS?.trim();
  if (raw === undefined || raw === '' || raw === '*') return ['*'];
  if (raw.toLowerCase() === 'none') return ["'none'"];
  return origins(env, 'FRAME_ANCESTORS', problems);
}

/** What the command being configured does: `migrate` neither signs nor checks tokens. */
export interface LoadOptions {
  /** Check that tokens can be verified and signed (default true; false for `migrate`). */
  tokens?: boolean;
}

/** The token secrets' problems: formats always, requirements only for commands that use tokens. */
function secretProblems(env: NodeJS.ProcessEnv, jwksUrl: string | undefined, tokens: boolean): string[] {
  const problems: string[] = [];
  const jwtSecret = env.AUTH_JWT_SECRET || undefined;
  const instanceSecret = env.INSTANCE_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32)
    problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  if (instanceSecret !== undefined && instanceSecret.length < 32)
    problems.push('INSTANCE_SECRET must be at least 32 characters');
  if (jwtSecret && instanceSecret)
    problems.push(
      'INSTANCE_SECRET is for AUTH_JWKS_URL: with AUTH_JWT_SECRET, that secret signs cursors and stream tokens; set one',
    );
  if (!tokens || !env.DATABASE_URL) return problems;
  if (!jwtSecret && !jwksUrl) problems.push('AUTH_JWT_SECRET or AUTH_JWKS_URL is required with DATABASE_URL');
  // Several instances share one database: each must accept the cursors and stream tokens another signed.
  if (jwksUrl && !jwtSecret && !instanceSecret)
    problems.push(
      'INSTANCE_SECRET is required with AUTH_JWKS_URL and DATABASE_URL: the same secret (≥ 32 characters) on every instance signs timeline cursors and stream tokens',
    );
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const problems: string[] = [];
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems);
  const databaseTenantUrl = url(env, 'DATABASE_TENANT_URL', ['postgres:', 'postgresql:'], problems);
  if (databaseTenantUrl && !databaseUrl)
    problems.push('DATABASE_TENANT_URL needs DATABASE_URL (the owner, for migrations)');
  const jwtSecret = env.AUTH_JWT_SECRET || undefined;
  const jwksUrl = url(env, 'AUTH_JWKS_URL', ['https:', 'http:'], problems);
  problems.push(...secretProblems(env, jwksUrl, options.tokens !== false));
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const dataDir = resolve(env.DATA_DIR || './data');
  const memoryLimit = env.ANALYTICS_MEMORY_LIMIT || defaultAnalyticsMemory(totalmem());
  if (!MEMORY.test(memoryLimit)) problems.push('ANALYTICS_MEMORY_LIMIT must be a size such as 4GB or 512MiB');
  const checkpointThreshold = env.ANALYTICS_CHECKPOINT_THRESHOLD || '16MB';
  if (!MEMORY.test(checkpointThreshold))
    problems.push('ANALYTICS_CHECKPOINT_THRESHOLD must be a size such as 16MB or 64MiB');
  const config: Config = {
    host: env.HOST || '0.0.0.0',
    port: int(env, 'PORT', 3000, 0, 65535, problems),
    databaseUrl,
    databaseTenantUrl,
    dataDir,
    dbPoolSize: int(env, 'DB_POOL_SIZE', 8, 1, 100, problems),
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 60_000, 100, 24 * 3_600_000, problems),
    dbReadTimeoutMs: int(env, 'DB_READ_TIMEOUT_MS', 10_000, 50, 3_600_000, problems),
    dbAcquireTimeoutMs: int(env, 'DB_POOL_ACQUIRE_TIMEOUT_MS', 5000, 50, 600_000, problems),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000, problems),
    jwtSecret,
    jwksUrl,
    instanceSecret: env.INSTANCE_SECRET || undefined,
    jwtIssuer: env.AUTH_ISSUER || undefined,
    jwtAudience: env.AUTH_AUDIENCE || undefined,
    authMaxTokenTtlSeconds: int(env, 'AUTH_MAX_TOKEN_TTL', 24 * 3600, 60, 366 * 24 * 3600, problems),
    authClockSkewSeconds: int(env, 'AUTH_CLOCK_SKEW', 60, 0, 3600, problems),
    demo: bool(env, 'DEMO_MODE', !env.DATABASE_URL, problems),
    logLevel,
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024, problems),
    streamRetentionHours: int(env, 'STREAM_RETENTION_HOURS', 24, 1, 24 * 365, problems),
    retentionIntervalMinutes: int(env, 'RETENTION_INTERVAL_MINUTES', 60, 0, 7 * 24 * 60, problems),
    metricsToken: env.METRICS_TOKEN || undefined,
    serveWeb: bool(env, 'SERVE_WEB', true, problems),
    rateLimitPerToken: int(env, 'RATE_LIMIT_PER_TOKEN', 3000, 0, 1_000_000_000, problems),
    rateLimitPerCompany: int(env, 'RATE_LIMIT_PER_COMPANY', 30_000, 0, 1_000_000_000, problems),
    corsOrigins: origins(env, 'CORS_ORIGINS', problems),
    frameAncestors: frameAncestors(env, problems),
    analytics: {
      dir: resolve(env.ANALYTICS_DIR || join(dataDir, 'analytics')),
      memoryLimit,
      checkpointThreshold,
      threads: int(env, 'ANALYTICS_THREADS', availableParallelism(), 1, 256, problems),
      queryTimeoutMs: int(env, 'ANALYTICS_QUERY_TIMEOUT', 30, 1, 3600, problems) * 1000,
      freshnessWaitMs: int(env, 'ANALYTICS_FRESHNESS_WAIT_MS', 2000, 0, 60_000, problems),
      companyConcurrency: int(env, 'ANALYTICS_COMPANY_CONCURRENCY', 2, 1, 64, problems),
      companyQueue: int(env, 'ANALYTICS_COMPANY_QUEUE', 8, 0, 1000, problems),
    },
    exports: {
      dir: resolve(env.EXPORT_DIR || join(dataDir, 'exports')),
      linkTtlSeconds: int(env, 'EXPORT_LINK_TTL', 86_400, 1, 366 * 86_400, problems),
      pageRows: int(env, 'EXPORT_PAGE_ROWS', 5000, 1, 100_000, problems),
      jobsPerCompany: int(env, 'EXPORT_JOBS_PER_COMPANY', 3, 1, 1000, problems),
    },
    schedules: {
      enabled: bool(env, 'SCHEDULER', true, problems),
      tickMs: int(env, 'SCHEDULER_TICK_MS', 15_000, 100, 3_600_000, problems),
      leaseMs: int(env, 'SCHEDULER_LEASE_MS', 600_000, 1000, 24 * 3_600_000, problems),
      lateAfterMs: int(env, 'SCHEDULER_LATE_AFTER_MS', 120_000, 0, 24 * 3_600_000, problems),
      smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:'], problems),
      mailFrom: env.MAIL_FROM || 'reports@localhost',
      outboxDir: resolve(env.SCHEDULE_OUTBOX_DIR || join(dataDir, 'outbox')),
      webhookAllowlist: (env.WEBHOOK_ALLOWLIST ?? '')
        .split(',')
        .map((h) =>
          h
            .trim()
            .toLowerCase()
            .replace(/^\[|\]$/g, ''),
        )
        .filter(Boolean),
      webhookBaseDelayMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 2000, 0, 3_600_000, problems),
      webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 600_000, problems),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
