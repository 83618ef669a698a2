/**
 * KPI 2, Response time, as figures. For each inbound event in the period, the time to the first
 * later outbound event to the same customer (same thread when the inbound names one) — see
 * list-response-pairs.ts — answered when that reply comes within the window. Figures per inbound
 * type and source, and per responding user and team; minutes of calendar time (computed on the
 * replica) or of business time (a per-pair clock in Node over the answered pairs).
 */
import { getCompanySettings } from '../../company/queries.js';
import type { Scope } from '../../db/scope.js';
import type { WorkingCalendar } from '../../db/types.js';
import { createBusinessClock } from '../business-minutes.js';
import type { Period, ResolvedParams } from '../params.js';
import { summarize } from '../stats.js';
import { listAnsweredPairs, type ResponsePair, type UnansweredCounts } from './list-response-pairs.js';
import {
  type PairGroups,
  type PairSummaries,
  type PairSummary,
  summarizeResponsePairs,
} from './summarize-response-pairs.js';

export interface ResponseTimes {
  current: PairSummaries;
  /** The previous period's overall figures (compare=previous), else null. */
  previous: PairSummary | null;
  /** The calendar business minutes were counted in (hours=business), else null. */
  workingCalendar: ({ tz: string } & WorkingCalendar) | null;
}

type Minutes = (p: ResponsePair) => number;

/**
 * The same figures as summarizeResponsePairs, in Node, for business minutes (a per-pair clock):
 * `answered` holds the answered pairs only; the unanswered ones come counted.
 */
function summarizeInNode(
  answered: ResponsePair[],
  minutesOf: Minutes,
  unanswered: UnansweredCounts,
): PairSummaries {
  const groups = {
    byType: new Map<string, ResponsePair[]>(),
    bySource: new Map<string, ResponsePair[]>(),
    byUser: new Map<string, ResponsePair[]>(),
    byTeam: new Map<string, ResponsePair[]>(),
  };
  const push = (m: Map<string, ResponsePair[]>, k: string, p: ResponsePair) => {
    const g = m.get(k);
    if (g) g.push(p);
    else m.set(k, [p]);
  };
  for (const p of answered) {
    push(groups.byType, p.type, p);
    push(groups.bySource, p.source, p);
    if (p.replyUserId) push(groups.byUser, p.replyUserId, p);
    push(groups.byTeam, p.replyTeamId ?? 'unknown', p);
  }
  const of = (ps: ResponsePair[], unansweredCount = 0): PairSummary => ({
    ...summarize(ps.map(minutesOf)),
    unanswered: unansweredCount,
  });
  // A type or source whose inbound events all went unanswered still gets its row.
  const each = (m: Map<string, ResponsePair[]>, counts = new Map<string, number>()) =>
    new Map(
      [...new Set([...m.keys(), ...counts.keys()])].map(
        (k) => [k, of(m.get(k) ?? [], counts.get(k))] as const,
      ),
    );
  return {
    overall: of(answered, unanswered.overall),
    byType: each(groups.byType, unanswered.byType),
    bySource: each(groups.bySource, unanswered.bySource),
    byUser: each(groups.byUser),
    byTeam: each(groups.byTeam),
  };
}

export async function getResponseTimes(
  scope: Scope,
  p: ResolvedParams,
  opts: { windowDays: number; hours: 'calendar' | 'business' },
): Promise<ResponseTimes> {
  const windowMinutes = opts.windowDays * 1440;
  let load = (period: Period, groups: PairGroups) =>
    summarizeResponsePairs(scope, p, period, windowMinutes, groups);
  let workingCalendar: ResponseTimes['workingCalendar'] = null;
  if (opts.hours === 'business') {
    const settings = await getCompanySettings(scope);
    const clock = createBusinessClock(settings.timezone, settings.working_calendar);
    const minutesOf: Minutes = (x) => clock(x.askedAt, x.repliedAt ?? x.askedAt);
    workingCalendar = { tz: settings.timezone, ...settings.working_calendar };
    load = async (period) => {
      const { answered, unanswered } = await listAnsweredPairs(scope, p, period, windowMinutes);
      return summarizeInNode(answered, minutesOf, unanswered);
    };
  }
  // The previous period is only compared overall: no per-group figures for it.
  const [current, previous] = await Promise.all([
    load(p.period, 'all'),
    p.previous ? load(p.previous, 'overall') : null,
  ]);
  return { current, previous: previous?.overall ?? null, workingCalendar };
}
