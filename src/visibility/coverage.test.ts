/**
 * No read path left out: every GET route of the OpenAPI document is either checked for every role
 * and setting (testing/read-paths.ts, run by read-paths.test.ts) or listed here as reading no
 * activity, with the reason. A new GET route fails this test until it is classified.
 */
import { expect, it } from 'vitest';
import { describeApp } from '../test/app.js';
import { READ_PATHS } from './testing/read-paths.js';

const NOT_ACTIVITY: Record<string, string> = {
  '/api/v1/directory/users': 'the directory (names, roles, teams) mirrored from the CRM, not activity',
  '/api/v1/directory/teams': 'the directory, not activity',
  '/api/v1/directory/customers': 'the directory (customer names and segments), not activity',
  '/api/v1/directory/segments': 'the names of customer segments in use, not activity',
  '/api/v1/directory/search': 'names of customers, users and teams (the directory), not activity',
  '/api/v1/company/settings': 'company settings (time zone, calendar, this very setting), not activity',
  '/api/v1/timelines': 'saved timeline configurations (their own sharing rules), not their events',
  '/api/v1/timelines/default': "the caller's default timeline configuration, not its events",
  '/api/v1/timelines/{id}': 'one timeline configuration (404 unless readable), not its events',
  '/api/v1/reports': 'saved report definitions (their own sharing rules, src/sharing/), not activity',
  '/api/v1/reports/{id}': 'one report definition (404 unless readable), not its figures',
  '/api/v1/me/preferences': "the caller's own preferences",
  '/api/v1/demo/personas': 'demo mode only: the demo users one may sign in as',
  '/api/v1/exports/{id}': "an export job's status, the requester's own (others 404), not activity",
  '/api/v1/exports/{id}/download':
    "the requester's own file (others 404), written by the job with the requester's visibility re-resolved when it ran (src/exports/jobs/jobs.test.ts, events-export-visibility.test.ts)",
  '/api/v1/audit': 'the audit trail (compliance and admin only): who changed what, content as digests',
  '/api/v1/audit/verify': 'the hash chain check of the audit trail: positions and hashes',
  '/api/v1/audit/completeness': 'counts per day of events stored and audited, no activity content',
  '/api/v1/retention':
    'retention settings and how many events the next purge would remove (compliance and admin only), no activity content',
  '/api/v1/report-schedules': "the caller's schedule definitions (an admin's: the company's), not activity",
  '/api/v1/report-schedules/{id}': 'one schedule definition (404 unless owner or admin), not activity',
  '/api/v1/report-schedules/{id}/deliveries':
    "delivery outcomes (slot, status, recipients' addresses and tries), not activity; what each recipient received was filtered to their visibility when delivered (schedules/delivery.test.ts)",
};

describeApp(
  'visibility coverage of the OpenAPI document',
  (t) => {
    it('every GET route is checked by read-paths.ts or listed as reading no activity', async () => {
      const doc = (
        t.app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }
      ).swagger();
      const gets = Object.entries(doc.paths)
        .filter(([, ops]) => 'get' in ops)
        .map(([path]) => path)
        .sort();
      const checked = new Set(READ_PATHS.map((p) => p.route));
      const unclassified = gets.filter((path) => !checked.has(path) && !(path in NOT_ACTIVITY));
      expect(unclassified).toEqual([]);
      // Neither list names a route that does not exist (a renamed route would otherwise pass unchecked).
      expect([...checked, ...Object.keys(NOT_ACTIVITY)].filter((p) => !gets.includes(p))).toEqual([]);
      expect(gets.length).toBeGreaterThan(20);
    });
  },
  { DEMO_MODE: 'true' },
);
