/** Test harness for the schedules suites: an app per engine, a company with an executive, an outbox. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { describeApp, newCompany, type TestCompany, type TestContext } from '../../test/app.js';
import { seedDigestCompany } from './fixture.js';

export interface ScheduleTestContext extends TestContext {
  co: TestCompany;
  /** An executive of `co` (one user for the whole suite): the schedules' creator. */
  headers: Record<string, string>;
  /** Where email goes (SCHEDULE_OUTBOX_DIR): a temporary directory, removed after the file's tests. */
  outbox: string;
}

export interface ScheduleSuiteOptions {
  /** Seed `co` with the digest fixture (testing/fixture.ts) before the tests. */
  seed?: boolean;
  /** More settings for the app. */
  env?: Record<string, string>;
}

/** Like describeApp, with a fresh company and its executive made before the tests. */
export function describeSchedules(
  name: string,
  body: (t: ScheduleTestContext) => void,
  options: ScheduleSuiteOptions = {},
) {
  const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
  afterAll(() => rmSync(outbox, { recursive: true, force: true }));
  describeApp(
    name,
    (base) => {
      const t = base as ScheduleTestContext;
      t.outbox = outbox;
      beforeAll(async () => {
        t.co = newCompany();
        if (options.seed) await seedDigestCompany(t.app, t.co);
        t.headers = await t.co.auth('executive');
      });
      // A scheduler serves every company of the shared database: leave no schedule due for later runs.
      afterAll(async () => {
        if (t.co)
          await t.db.kysely.deleteFrom('report_schedules').where('company_id', '=', t.co.id).execute();
      });
      body(t);
    },
    { SCHEDULE_OUTBOX_DIR: outbox, ...options.env },
  );
}

/** POST /report-schedules as the suite's executive; asserts 201 and returns the schedule's id. */
export async function createSchedule(t: ScheduleTestContext, payload: object): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/report-schedules',
    headers: t.headers,
    payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
