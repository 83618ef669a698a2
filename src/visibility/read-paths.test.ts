/**
 * For every role and both settings, every read path returns exactly the events the policy allows:
 * the expected sets are written by hand in testing/fixture.ts, the read paths listed in
 * testing/read-paths.ts (which coverage.test.ts holds against the OpenAPI document).
 */
import { it } from 'vitest';
import { describeStream } from '../stream/testing/harness.js';
import { newCompany } from '../test/app.js';
import { expectedVisible, seedFixture, setVisibility, VIEWERS } from './testing/fixture.js';
import { READ_PATHS } from './testing/read-paths.js';

describeStream('visibility on every read path', (t) => {
  for (const setting of ['company', 'team'] as const) {
    it(`under ${setting}: each role reads exactly its events on each path`, async () => {
      const co = newCompany();
      const seeded = await seedFixture(t.app, co);
      if (setting === 'team') await setVisibility(t.app, co, 'team');
      for (const viewer of VIEWERS) {
        const headers = await co.auth(viewer.role, { userId: viewer.userId, teamId: viewer.tokenTeam });
        const expected = expectedVisible(viewer, setting);
        for (const path of READ_PATHS) {
          await path.check({ app: t.app, base: t.base, seeded, viewer, setting, headers, expected });
        }
      }
    }, 240_000); // 9 viewers × 19 paths; slow on a loaded 2-core machine
  }
});
