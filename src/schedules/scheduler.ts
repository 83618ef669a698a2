/**
 * The scheduler, one per server process: every tick it claims the due slots (see claim.ts) and
 * delivers the ones it won, and retakes deliveries whose claim expired. Several processes on one
 * database tick independently; each slot still goes out once.
 *
 * After downtime a schedule's next_slot_at lies in the past: the tick delivers only the most
 * recent slot at or before now (marked late when older than SCHEDULER_LATE_AFTER_MS) and moves on,
 * so a server that was off for a week sends one late daily digest, not seven.
 *
 * "Now" is the database's clock: the work lists compare with now() in SQL and leases are written as
 * now() + lease, and a due slot's lateness is judged against the now() its list query read, so
 * instances with skewed clocks agree.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SchedulesConfig } from '../config.js';
import type { Db } from '../db/connect.js';
import { scopeFor } from '../db/scope.js';
import type { Database } from '../db/types.js';
import { advanceSchedule, type Claimant, claimSlot, retakeClaim } from './claim.js';
import type { ScheduleRow } from './db-types.js';
import { getSchedule, listDueSchedules, listExpiredClaims } from './queries.js';
import { type DeliverySettings, runDelivery } from './run-delivery.js';
import { latestDueSlot } from './timing.js';

export interface SchedulerLog {
  warn(obj: object, msg: string): void;
}

export interface SchedulerOptions {
  config: SchedulesConfig;
  settings: DeliverySettings;
  log?: SchedulerLog;
  /** A fixed clock instead of the database's now() (tests of cron arithmetic pass a fake one). */
  now?: () => Date;
}

const BATCH = 50;

export class Scheduler {
  readonly claimant: Claimant;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: SchedulerOptions,
  ) {
    this.claimant = { instance: randomUUID(), leaseMs: options.config.leaseMs };
  }

  /** First tick now (slots missed while down go out at start-up), then every tickMs. */
  start(): void {
    const loop = () => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((error) => this.options.log?.warn({ err: error }, 'scheduler tick failed'))
        .finally(() => {
          this.running = null;
          if (this.timer !== undefined) this.timer = setTimeout(loop, this.options.config.tickMs).unref();
        });
    };
    this.timer = setTimeout(() => {}, 0); // marks it started; loop() below runs the first tick now
    loop();
  }

  /** Stops ticking and waits for the tick in progress (graceful shutdown). */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: due slots, then expired claims. Returns how many deliveries this process ran. */
  async tick(): Promise<number> {
    const kysely: Kysely<Database> = this.db.kysely;
    let ran = 0;
    for (const row of await listDueSchedules(kysely, BATCH, this.options.now?.()))
      ran += await this.runDue(row);
    for (const d of await listExpiredClaims(kysely, BATCH, this.options.now?.())) {
      const scope = scopeFor(this.db, d.company_id);
      const retaken = await retakeClaim(scope, this.claimant, d.id, this.options.now?.());
      const schedule = retaken && (await getSchedule(scope, d.schedule_id));
      if (retaken && schedule) {
        await runDelivery(scope, schedule, retaken, this.options.settings, this.claimant);
        ran++;
      }
    }
    return ran;
  }

  /** `row.at`: the instant its list query judged it due by (the database's now(), or the fixed clock). */
  private async runDue(row: ScheduleRow & { at: Date }): Promise<number> {
    const scope = scopeFor(this.db, row.company_id);
    const slot = latestDueSlot(row.cron, row.timezone, new Date(row.next_slot_at as Date), row.at);
    if (!slot) return 0;
    const late = row.at.getTime() - slot.getTime() > this.options.config.lateAfterMs;
    const claimed = await claimSlot(scope, this.claimant, {
      scheduleId: row.id,
      slot,
      trigger: 'schedule',
      late,
      now: this.options.now?.(),
    });
    // Claimed or not (another process won), the schedule moves past this slot.
    await advanceSchedule(scope, row, slot);
    if (!claimed) return 0;
    try {
      await runDelivery(scope, row, claimed, this.options.settings, this.claimant);
    } catch (error) {
      // Left running: its lease expires and a tick retakes it.
      this.options.log?.warn({ err: error, schedule: row.id }, 'scheduled delivery failed');
    }
    return 1;
  }
}

/** The delivery settings from configuration. */
export function deliverySettings(config: SchedulesConfig): DeliverySettings {
  return {
    email: { smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, from: config.mailFrom },
    webhook: {
      allowlist: new Set(config.webhookAllowlist),
      baseDelayMs: config.webhookBaseDelayMs,
      timeoutMs: config.webhookTimeoutMs,
    },
  };
}
