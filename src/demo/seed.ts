/** Writes the demo company (directory + activity) through the normal write path, once. */

import { systemActor } from '../audit/record.js';
import { saveCompanySettings } from '../company/queries.js';
import type { Db } from '../db/connect.js';
import { analyzeIfEmbedded } from '../db/maintenance.js';
import { scopeFor } from '../db/scope.js';
import { upsertCustomers, upsertTeams, upsertUsers } from '../directory/queries.js';
import { insertEvents } from '../events/queries/write-events.js';
import { buildDemoDirectory, DEMO_COMPANY, DEMO_COMPANY_ID } from './directory.js';
import { generateDemoEvents } from './generate-events.js';
import { seedDemoReports } from './reports.js';

export interface SeedOptions {
  events?: number;
  days?: number;
  until?: Date;
  companyId?: string;
  onProgress?: (done: number, total: number) => void;
}

export async function isDemoSeeded(db: Db, companyId = DEMO_COMPANY_ID): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('company_sequences')
    .select('last_seq')
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return (row?.last_seq ?? 0) > 0;
}

/** Seeds the demo company; returns the number of events stored (0 when it was seeded already). */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<number> {
  const companyId = options.companyId ?? DEMO_COMPANY_ID;
  if (await isDemoSeeded(db, companyId)) return 0;
  const scope = scopeFor(db, companyId, systemActor('demo-seed')); // audit entries name the job
  const dir = buildDemoDirectory();
  await saveCompanySettings(scope, { name: DEMO_COMPANY.name, timezone: DEMO_COMPANY.timezone });
  await upsertTeams(scope, dir.teams);
  await upsertUsers(scope, dir.users);
  await upsertCustomers(scope, dir.customers);
  // Before the events: once any event is stored the company counts as seeded (isDemoSeeded).
  const admin = dir.users.find((u) => u.role === 'admin');
  if (admin) await seedDemoReports(scope, admin);

  const until = options.until ?? new Date();
  const events = generateDemoEvents(dir, {
    until,
    days: options.days ?? 365,
    target: options.events ?? 55_000,
    tz: DEMO_COMPANY.timezone,
  });
  const users = new Map(dir.users.map((u) => [u.id, u]));
  for (const e of events) {
    const u = users.get(e.user_id);
    if (u) e.participants = [{ id: u.id, email: u.email, name: u.name, kind: 'user', role: 'owner' }];
  }
  const BATCH = 2000;
  for (let i = 0; i < events.length; i += BATCH) {
    await insertEvents(scope, events.slice(i, i + BATCH));
    options.onProgress?.(Math.min(i + BATCH, events.length), events.length);
  }
  await analyzeIfEmbedded(db); // fresh statistics for the planner after a bulk load
  return events.length;
}
