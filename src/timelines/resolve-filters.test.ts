import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { AuthUser } from '../auth/tokens.js';
import { saveCompanySettings } from '../company/queries.js';
import type { AppError } from '../errors.js';
import { newCompany } from '../test/app.js';
import { describeEngines } from '../test/engines.js';
import { insertTimeline, type TimelineValues } from './queries.js';
import { isEmptyFilters, resolveTimelineFilters } from './resolve-filters.js';

const values = (overrides: Partial<TimelineValues> = {}): TimelineValues => ({
  timeline_name: 'T',
  timeline_type: 'company',
  default_filters: {},
  saved_filters: [],
  view_preferences: {},
  column_configuration: [],
  color_scheme: {},
  activity_sources: [],
  date_range_default: {},
  real_time_updates: true,
  notification_preferences: {},
  is_public: false,
  shared_with_users: [],
  ...overrides,
});

const person = (companyId: string, role: AuthUser['role'] = 'rep'): AuthUser => ({
  userId: randomUUID(),
  companyId,
  role,
  teamId: null,
});

describeEngines('resolveTimelineFilters', (t) => {
  async function timeline(companyId: string, owner: AuthUser, overrides: Partial<TimelineValues>) {
    const scope = newCompanyScope(companyId);
    const row = await insertTimeline(scope, {
      ...values(overrides),
      id: randomUUID(),
      user_id: owner.userId,
      created_by_user_id: owner.userId,
    });
    return { scope, id: row!.id };
  }
  const newCompanyScope = (companyId: string) => ({ db: t.db.kysely, companyId, handle: t.db });

  it('applies default_filters, activity_sources, saved filter and request narrowing', async () => {
    const co = newCompany();
    const owner = person(co.id);
    const saved = randomUUID();
    const { scope, id } = await timeline(co.id, owner, {
      default_filters: { type: ['call', 'email'], to: '2025-06-01T00:00:00.000Z' },
      activity_sources: ['phone_system', 'email'],
      saved_filters: [{ id: saved, name: 'Urgent', filters: { priority: ['urgent'] } }],
    });
    const f = await resolveTimelineFilters(scope, owner, id, { type: ['call'], source: ['email', 'web'] });
    expect(f).toEqual({ type: ['call'], source: ['email'], to: '2025-06-01T00:00:00.000Z' });
    const s = await resolveTimelineFilters(scope, owner, id, {}, { savedFilter: saved });
    expect(s.priority).toEqual(['urgent']);
    const empty = await resolveTimelineFilters(scope, owner, id, { type: ['sms'] });
    expect(isEmptyFilters(empty)).toBe(true);
  });

  it('resolves relative ranges: rolling windows stay open, calendar months follow the company zone', async () => {
    const co = newCompany();
    const owner = person(co.id);
    const rolling = await timeline(co.id, owner, { date_range_default: { relative: 'last_7_days' } });
    const r = await resolveTimelineFilters(rolling.scope, owner, rolling.id, {});
    expect(r.to).toBeUndefined();
    expect(Math.abs(Date.parse(r.from!) - (Date.now() - 7 * 86_400_000))).toBeLessThan(60_000);

    await saveCompanySettings(rolling.scope, { timezone: 'Asia/Tokyo' });
    const month = await timeline(co.id, owner, { date_range_default: { relative: 'this_month' } });
    const m = await resolveTimelineFilters(month.scope, owner, month.id, {});
    // Tokyo is UTC+9 all year: the local month starts at 15:00 UTC on the previous day.
    expect(m.from).toMatch(/T15:00:00\.000Z$/);
    expect(new Date(Date.parse(m.from!) + 9 * 3_600_000).getUTCDate()).toBe(1);
    expect(Date.parse(m.from!)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(m.to!)).toBeGreaterThan(Date.now());
  });

  it('answers 404 to users who may not see it, and to ids of other companies', async () => {
    const co = newCompany();
    const owner = person(co.id);
    const { scope, id } = await timeline(co.id, owner, {});
    const code = (p: Promise<unknown>) => p.then(() => 'ok').catch((e: AppError) => e.status);
    expect(await code(resolveTimelineFilters(scope, person(co.id), id, {}))).toBe(404);
    expect(await code(resolveTimelineFilters(scope, person(co.id, 'admin'), id, {}))).toBe('ok');
    const other = newCompany();
    const stranger = person(other.id, 'admin');
    expect(await code(resolveTimelineFilters(newCompanyScope(other.id), stranger, id, {}))).toBe(404);
  });
});
