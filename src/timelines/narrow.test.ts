import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors.js';
import { EMPTY_INSTANT, isEmptyFilters, narrowFilters } from './narrow.js';
import { matchNotification } from './notifications.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('narrowFilters', () => {
  it('intersects list filters: call within call,email gives call', () => {
    expect(narrowFilters({ type: ['call', 'email'] }, { type: ['call'] })).toEqual({ type: ['call'] });
  });

  it('a request value outside the timeline gives an empty window, not an error', () => {
    const f = narrowFilters({ type: ['call', 'email'] }, { type: ['sms'] });
    expect(f).toMatchObject({ type: [], from: EMPTY_INSTANT, to: EMPTY_INSTANT });
    expect(isEmptyFilters(f)).toBe(true);
  });

  it('a list the timeline leaves open is taken from the request; others are kept', () => {
    expect(narrowFilters({ user_id: [A] }, { customer_id: [B], type: ['sms', 'sms'] })).toEqual({
      user_id: [A],
      customer_id: [B],
      type: ['sms'],
    });
  });

  it('intersects date ranges (latest from, earliest to)', () => {
    const f = narrowFilters(
      { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' },
      { from: '2024-06-01T00:00:00.000Z', to: '2025-01-15T00:00:00.000Z' },
    );
    expect(f).toEqual({ from: '2025-01-01T00:00:00.000Z', to: '2025-01-15T00:00:00.000Z' });
    expect(isEmptyFilters(f)).toBe(false);
  });

  it('disjoint date ranges are empty', () => {
    const f = narrowFilters({ to: '2025-01-01T00:00:00.000Z' }, { from: '2025-03-01T00:00:00.000Z' });
    expect(isEmptyFilters(f)).toBe(true);
  });

  it('combines searches with AND (websearch terms) and keeps a participant both sides agree on', () => {
    expect(narrowFilters({ q: 'renewal' }, { q: '"price increase"' }).q).toBe('renewal "price increase"');
    expect(narrowFilters({ participant: 'Ann@x.com' }, { participant: 'ann@x.com' }).participant).toBe(
      'Ann@x.com',
    );
    expect(narrowFilters({}, { participant: 'bob@x.com' }).participant).toBe('bob@x.com');
  });

  it('refuses, naming the parameter, what one value cannot express', () => {
    const tryNarrow = (base: object, extra: object) => {
      try {
        narrowFilters(base, extra);
      } catch (e) {
        return (e as AppError).errors?.[0]?.path;
      }
      return 'no error';
    };
    expect(tryNarrow({ participant: 'ann@x.com' }, { participant: 'bob@x.com' })).toBe('query.participant');
    expect(tryNarrow({ q: 'renewal or churn' }, { q: 'price' })).toBe('query.q');
  });
});

describe('matchNotification', () => {
  const event = { event_type: 'call', event_title: 'Renewal', priority: 'urgent', sentiment: 'negative' };
  it('matches priority first, then sentiment, then type', () => {
    expect(
      matchNotification({ notification_preferences: { priorities: ['high', 'urgent'] } }, event),
    ).toEqual({
      reason: 'priority',
      title: 'Urgent priority call: Renewal',
    });
    expect(
      matchNotification(
        { notification_preferences: { priorities: ['high'], sentiments: ['negative'] } },
        event,
      ),
    ).toEqual({ reason: 'sentiment', title: 'Negative call: Renewal' });
    expect(matchNotification({ notification_preferences: { event_types: ['call'] } }, event)?.reason).toBe(
      'type',
    );
  });
  it('is silent when nothing matches or notifications are off', () => {
    expect(matchNotification({ notification_preferences: {} }, event)).toBeNull();
    expect(
      matchNotification({ notification_preferences: { enabled: false, priorities: ['urgent'] } }, event),
    ).toBeNull();
  });
});
