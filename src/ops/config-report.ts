/** The resolved configuration as `NAME=value` lines, secrets masked, for `crm-timeline config --check`. */
import type { Config } from '../config.js';

const MASK = '******';

/** A URL with its password replaced, so the host and database still show. */
export function maskUrlPassword(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = MASK;
    return u.toString();
  } catch {
    return MASK;
  }
}

const secret = (v: string | undefined) => (v ? `${MASK} (set, ${v.length} characters)` : '(unset)');
const plain = (v: string | number | boolean | undefined) => (v === undefined ? '(unset)' : String(v));

export function describeConfig(config: Config): string {
  const rows: Array<[string, string]> = [
    ['PORT', plain(config.port)],
    ['HOST', plain(config.host)],
    ['DATABASE_URL', config.databaseUrl ? maskUrlPassword(config.databaseUrl) : '(unset: embedded PGlite)'],
    [
      'DATABASE_TENANT_URL',
      config.databaseTenantUrl
        ? maskUrlPassword(config.databaseTenantUrl)
        : "(unset: request work SET ROLEs on the owner's connections)",
    ],
    ['DATA_DIR', config.databaseUrl ? `${config.dataDir} (unused with DATABASE_URL)` : config.dataDir],
    ['DB_POOL_SIZE', plain(config.dbPoolSize)],
    ['DB_STATEMENT_TIMEOUT_MS', plain(config.dbStatementTimeoutMs)],
    ['DB_READ_TIMEOUT_MS', plain(config.dbReadTimeoutMs)],
    ['DB_POOL_ACQUIRE_TIMEOUT_MS', plain(config.dbAcquireTimeoutMs)],
    ['SHUTDOWN_TIMEOUT_MS', plain(config.shutdownTimeoutMs)],
    [
      'AUTH_JWT_SECRET',
      config.jwtSecret || config.databaseUrl ? secret(config.jwtSecret) : '(unset: generated in DATA_DIR)',
    ],
    ['AUTH_JWKS_URL', plain(config.jwksUrl)],
    ['INSTANCE_SECRET', secret(config.instanceSecret)],
    ['AUTH_ISSUER', plain(config.jwtIssuer)],
    ['AUTH_AUDIENCE', plain(config.jwtAudience)],
    ['AUTH_MAX_TOKEN_TTL', plain(config.authMaxTokenTtlSeconds)],
    ['AUTH_CLOCK_SKEW', plain(config.authClockSkewSeconds)],
    ['DEMO_MODE', plain(config.demo)],
    ['LOG_LEVEL', plain(config.logLevel)],
    ['BODY_LIMIT_BYTES', plain(config.bodyLimitBytes)],
    ['STREAM_RETENTION_HOURS', plain(config.streamRetentionHours)],
    ['RETENTION_INTERVAL_MINUTES', plain(config.retentionIntervalMinutes)],
    ['METRICS_TOKEN', config.metricsToken ? secret(config.metricsToken) : '(unset: /metrics open)'],
    ['SERVE_WEB', plain(config.serveWeb)],
    ['RATE_LIMIT_PER_TOKEN', plain(config.rateLimitPerToken)],
    ['RATE_LIMIT_PER_COMPANY', plain(config.rateLimitPerCompany)],
    ['CORS_ORIGINS', config.corsOrigins.length ? config.corsOrigins.join(',') : '(unset: closed)'],
    ['FRAME_ANCESTORS', config.frameAncestors.join(',')],
    ['ANALYTICS_DIR', plain(config.analytics.dir)],
    ['ANALYTICS_MEMORY_LIMIT', plain(config.analytics.memoryLimit)],
    ['ANALYTICS_THREADS', plain(config.analytics.threads)],
    ['ANALYTICS_CHECKPOINT_THRESHOLD', plain(config.analytics.checkpointThreshold)],
    ['ANALYTICS_QUERY_TIMEOUT', plain(config.analytics.queryTimeoutMs / 1000)],
    ['ANALYTICS_FRESHNESS_WAIT_MS', plain(config.analytics.freshnessWaitMs)],
    ['ANALYTICS_COMPANY_CONCURRENCY', plain(config.analytics.companyConcurrency)],
    ['ANALYTICS_COMPANY_QUEUE', plain(config.analytics.companyQueue)],
    ['EXPORT_DIR', plain(config.exports.dir)],
    ['EXPORT_LINK_TTL', plain(config.exports.linkTtlSeconds)],
    ['EXPORT_PAGE_ROWS', plain(config.exports.pageRows)],
    ['EXPORT_JOBS_PER_COMPANY', plain(config.exports.jobsPerCompany)],
    ['SCHEDULER', plain(config.schedules.enabled)],
    ['SCHEDULER_TICK_MS', plain(config.schedules.tickMs)],
    ['SCHEDULER_LEASE_MS', plain(config.schedules.leaseMs)],
    ['SCHEDULER_LATE_AFTER_MS', plain(config.schedules.lateAfterMs)],
    ['SMTP_URL', config.schedules.smtpUrl ? maskUrlPassword(config.schedules.smtpUrl) : '(unset: outbox)'],
    ['MAIL_FROM', plain(config.schedules.mailFrom)],
    ['SCHEDULE_OUTBOX_DIR', plain(config.schedules.outboxDir)],
    ['WEBHOOK_ALLOWLIST', config.schedules.webhookAllowlist.join(',') || '(unset)'],
    ['WEBHOOK_RETRY_BASE_MS', plain(config.schedules.webhookBaseDelayMs)],
    ['WEBHOOK_TIMEOUT_MS', plain(config.schedules.webhookTimeoutMs)],
  ];
  return rows.map(([k, v]) => `${k}=${v}`).join('\n');
}

/** The variable names describeConfig prints (kept equal to ENV_DOCS by a test). */
export function describedVariables(config: Config): string[] {
  return describeConfig(config)
    .split('\n')
    .map((l) => l.slice(0, l.indexOf('=')));
}
