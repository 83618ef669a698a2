/** The scheduler of a `serve` process (off with SCHEDULER=false); serve stops it on shutdown. */
import type { SchedulesConfig } from '../config.js';
import type { Db } from '../db/connect.js';
import { deliverySettings, Scheduler, type SchedulerLog } from './scheduler.js';

export function startScheduler(db: Db, config: SchedulesConfig, log: SchedulerLog): Scheduler | null {
  if (!config.enabled) return null;
  const scheduler = new Scheduler(db, { config, settings: deliverySettings(config), log });
  scheduler.start();
  return scheduler;
}
