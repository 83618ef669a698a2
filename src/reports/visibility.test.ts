/**
 * Reports read only what the viewer may see (activity_visibility = team here) and break figures
 * down only by users and teams whose individual figures the viewer may see. Decision: a rep's
 * per-user report holds their own row (restricted: true) over the totals they may read; a per-team
 * report is refused (403), since a rep may see no team's figures.
 */
import { expect, it } from 'vitest';
import { P, type Seeded, seedFixture, TZ } from '../analytics/test-support/fixture.js';
import { live } from '../analytics/test-support/oracle.js';
import { saveCompanySettings } from '../company/queries.js';
import { scopeFor } from '../db/scope.js';
import { describeApp } from '../test/app.js';
import { authAs, preview } from './testing/request.js';

describeApp('report visibility', (t) => {
  let fx: Seeded;
  const run = { from: P.from, to: P.to, tz: TZ };
  const count = (users: string[]) =>
    live(fx.events, P.from, P.to).filter((e) => users.includes(e.user_id)).length;

  it('seeds a company whose activity is visible per team', async () => {
    fx = await seedFixture(t.db);
    await saveCompanySettings(scopeFor(t.db, fx.companyId), { activity_visibility: 'team' });
  });

  it("a rep's report counts only their team's activity; per user, only their own row", async () => {
    const rep = await authAs(fx.companyId, 'rep', fx.users.u2, fx.teams.T1);
    const all = await preview(t.app, rep, { metrics: ['activities'], dimensions: [] }, run);
    expect(all.body.totals.activities).toBe(count([fx.users.u1, fx.users.u2]));
    const perUser = await preview(t.app, rep, { metrics: ['activities'], dimensions: ['user'] }, run);
    expect(perUser.status).toBe(200);
    expect(perUser.body.keys).toEqual([{ user: fx.users.u2 }]);
    expect(perUser.body.rows[0].activities).toBe(count([fx.users.u2]));
    expect(perUser.body.restricted).toBe(true);
    expect(perUser.body.totals.activities).toBe(count([fx.users.u1, fx.users.u2]));
  });

  it('a rep asking for per-team figures, or another user by filter, gets 403', async () => {
    const rep = await authAs(fx.companyId, 'rep', fx.users.u2, fx.teams.T1);
    expect((await preview(t.app, rep, { metrics: ['activities'], dimensions: ['team'] }, run)).status).toBe(
      403,
    );
    const other = { metrics: ['activities'], dimensions: [], filters: { user_id: [fx.users.u1] } };
    expect((await preview(t.app, rep, other, run)).status).toBe(403);
  });

  it('a team lead sees their team and its members; an executive everyone', async () => {
    const lead = await authAs(fx.companyId, 'team_lead', fx.users.u1, fx.teams.T1);
    const teams = await preview(t.app, lead, { metrics: ['activities'], dimensions: ['team'] }, run);
    expect(teams.body.keys).toEqual([{ team: fx.teams.T1 }]);
    expect(teams.body.rows[0]).toMatchObject({ team: 'T1', activities: count([fx.users.u1, fx.users.u2]) });
    const exec = await authAs(fx.companyId, 'executive', fx.users.u3);
    const users = await preview(t.app, exec, { metrics: ['activities'], dimensions: ['user'] }, run);
    expect(users.body.restricted).toBe(false);
    expect(users.body.rows.map((r: { user: string }) => r.user).sort()).toEqual(['U1', 'U2', 'U3']);
  });
});
