/**
 * When a schedule's slots fall: a five-field cron (a preset is written as its cron) read by croner
 * in the schedule's IANA zone.
 *
 * Daylight saving, for a daily 02:30 Europe/Paris schedule: on the spring-forward day 02:30 does not
 * exist and the slot is the first valid instant after the gap (03:00 CEST); on the fall-back day
 * 02:30 happens twice and only the first occurrence (02:30 CEST) is a slot. So a daily schedule
 * has exactly one slot per local day, never none and never two. (A cron naming every hour does get
 * both 02:30s in autumn: they are different hours.)
 */
import { Cron } from 'croner';
import { AppError, invalid } from '../errors.js';
import type { Preset } from './schema.js';

/** The preset as a cron expression (weekday 1–7 → cron 1–6, 0 = Sunday). */
export function presetCron(p: Preset): string {
  const [h, m] = p.at.split(':').map(Number) as [number, number];
  if (p.every === 'day') return `${m} ${h} * * *`;
  if (p.every === 'week') {
    if (p.weekday === undefined)
      throw invalid('A weekly preset needs a weekday.', [
        { path: 'body.preset.weekday', message: 'required when every is week' },
      ]);
    return `${m} ${h} * * ${p.weekday % 7}`;
  }
  if (p.day === undefined)
    throw invalid('A monthly preset needs a day.', [
      { path: 'body.preset.day', message: 'required when every is month' },
    ]);
  return `${m} ${h} ${p.day} * *`;
}

/** A cron expression checked: five fields, parsable by croner (400 naming body.cron otherwise). */
export function assertCron(expr: string): string {
  const trimmed = expr.trim().replace(/\s+/g, ' ');
  const fail = (message: string) =>
    invalid(`Invalid cron expression "${expr}".`, [{ path: 'body.cron', message }]);
  if (trimmed.split(' ').length !== 5) throw fail('must have five fields: minute hour day month weekday');
  try {
    if (new Cron(trimmed, { timezone: 'UTC' }).nextRun(new Date()) === null) throw fail('never fires');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fail(error instanceof Error ? error.message : 'not a cron expression');
  }
  return trimmed;
}

const cronOf = (expr: string, zone: string) => new Cron(expr, { timezone: zone });

/** The first slot strictly after `after`, or null when the cron never fires again. */
export function nextSlot(expr: string, zone: string, after: Date): Date | null {
  return cronOf(expr, zone).nextRun(after);
}

/**
 * The most recent slot at or before `now`, from `due` (a slot not yet claimed) on. Slots missed
 * while no server ran are not replayed one by one: only this latest one is delivered (marked late
 * when it is older than the lateness allowance), and the rest are passed over.
 */
export function latestDueSlot(expr: string, zone: string, due: Date, now: Date): Date | null {
  if (due.getTime() > now.getTime()) return null;
  const [previous] = cronOf(expr, zone).previousRuns(1, new Date(now.getTime() + 1));
  return previous && previous.getTime() >= due.getTime() ? previous : due;
}
