/**
 * Response pairs: each live inbound event in the period (the filters apply to the inbound events
 * only) with the first later live outbound event to the same customer — in the same
 * event_data.thread_id when the inbound has one, else in any thread or none — no later than
 * `windowMinutes` after it, or none. "Later" is strict (a reply at the same microsecond does not
 * count); ties at the reply's instant: the lowest id replies.
 *
 * Each inbound event's first reply is kept by the replica (sequence-facts.ts): for a viewer who
 * sees every event the pairs are one scan. For a viewer who sees only some events the reply must be
 * one they see, so it is found per request by two ASOF joins (inbound → nearest visible outbound
 * after it, by customer; by customer and thread).
 */
import type { Scope } from '../../db/scope.js';
import { visibleCondition } from '../../visibility/replica-filter.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventConditions, type Selection } from '../replica/event-filters.js';
import { US_PER_MS } from '../replica/local-time.js';
import { queryReplica } from '../replica/query.js';
import type { SqlParams } from '../replica/sql-params.js';

export interface ResponsePair {
  inboundId: string;
  type: string;
  source: string;
  askedAt: Date;
  repliedAt: Date | null;
  replyUserId: string | null;
  replyTeamId: string | null;
}

/** The greatest uuid: an inbound event's ASOF key sorts after every outbound event of its instant. */
const LAST_ID = "'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid";

const isSet = (v: unknown) =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/**
 * SQL of the period's pairs, columns: event_type, event_source, asked_us, replied_us and
 * reply_user_id (both null when unanswered within the window), instants in epoch µs; and
 * inbound_id when `withIds` (it costs: an ASOF join sorts every column it carries).
 */
export async function responsePairsSql(
  scope: Scope,
  selection: Selection,
  period: Period,
  windowMinutes: number,
  p: SqlParams,
  withIds = false,
): Promise<string> {
  const windowUs = Math.round(windowMinutes * 60_000_000);
  const inbound = `${await eventConditions(scope, selection, period, p, 'e')} and e.direction = 'inbound'`;
  // A viewer who sees every event: the first reply the replica keeps per inbound event is theirs
  // (sequence-facts.ts), so the pairs are a scan. Otherwise the first reply they may see.
  if (selection.visible.rows === null) {
    const inWindow = `e.reply_us <= e.ts_us + ${p.int(windowUs)}`;
    return `select ${withIds ? 'e.id as inbound_id, ' : ''}e.event_type, e.event_source, e.ts_us as asked_us,
        case when ${inWindow} then e.reply_us end as replied_us,
        case when ${inWindow} then e.reply_user_id end as reply_user_id
      from events e where ${inbound}`;
  }
  // Only replies that can be first replies within the window: after the period's start, before its
  // end plus the window, and (when filtered) to the customers asked about.
  const customers =
    Object.values(selection.filters).some(isSet) || selection.visible !== null
      ? `and o.customer_id in (select e.customer_id from events e where ${inbound})`
      : '';
  // A reply counts only when the viewer may see it too: a figure is what their own timeline shows.
  const company = p.uuid(scope.companyId);
  const visibleReply = visibleCondition(selection.visible.rows, p, 'o', company);
  const outbound = `o.company_id = ${company} and o.direction = 'outbound' ${visibleReply ? `and ${visibleReply}` : ''}
    and o.ts_us > ${p.int(period.from.getTime() * US_PER_MS)}
    and o.ts_us < ${p.int(period.to.getTime() * US_PER_MS + windowUs)} ${customers}`;
  // The ASOF key (instant, id): the nearest greater key is the earliest later reply, lowest id first.
  // Each side carries only the columns it needs (an ASOF join sorts every column it carries).
  const side = (threaded: boolean, alias: 'e' | 'o') => (threaded ? `${alias}.thread_id, ` : '');
  const idColumn = withIds ? 'e.id, ' : '';
  const asked = (threaded: boolean) => `(select ${idColumn}e.customer_id, ${side(threaded, 'e')}
      e.event_type, e.event_source, e.ts_us, {'t': e.ts_us, 'i': ${LAST_ID}} as k
      from events e where ${inbound} and e.thread_id is ${threaded ? 'not null' : 'null'})`;
  const replies = (threaded: boolean) => `(select o.customer_id, ${side(threaded, 'o')}
      o.ts_us, o.user_id, {'t': o.ts_us, 'i': o.id} as k
      from events o where ${outbound} ${threaded ? 'and o.thread_id is not null' : ''})`;
  const inWindow = `r.ts_us <= i.ts_us + ${p.int(windowUs)}`;
  const columns = `${withIds ? 'i.id as inbound_id, ' : ''}i.event_type, i.event_source, i.ts_us as asked_us,
    case when ${inWindow} then r.ts_us end as replied_us, case when ${inWindow} then r.user_id end as reply_user_id`;
  return `select ${columns} from ${asked(false)} i
      asof left join ${replies(false)} r on r.customer_id = i.customer_id and i.k < r.k
    union all
    select ${columns} from ${asked(true)} i
      asof left join ${replies(true)} r on r.customer_id = i.customer_id and r.thread_id = i.thread_id and i.k < r.k`;
}

/**
 * One request's answers, by its filters object (created per request by resolveAnalyticsParams, so
 * entries go with it): a dashboard asks KPI 2 and KPI 5's medians for the same pairs; read them once.
 */
const perRequest = new WeakMap<object, Map<string, Promise<unknown>>>();

/** `read()` once per request (its filters object), company, period, window and `what`. */
export function oncePerRequest<T>(
  what: string,
  scope: Scope,
  params: Pick<ResolvedParams, 'filters' | 'visible'>,
  period: Period,
  windowMinutes: number,
  read: () => Promise<T>,
): Promise<T> {
  const key = `${what}|${scope.companyId}|${period.from.toISOString()}|${period.to.toISOString()}|${windowMinutes}`;
  let memo = perRequest.get(params.filters);
  if (!memo) {
    memo = new Map();
    perRequest.set(params.filters, memo);
  }
  let answer = memo.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = read();
    memo.set(key, answer);
  }
  return answer;
}

/** Inbound events without a reply within the window: overall, per inbound type and per source. */
export interface UnansweredCounts {
  overall: number;
  byType: Map<string, number>;
  bySource: Map<string, number>;
}

interface Row {
  inbound_id: string | null;
  event_type: string;
  event_source: string;
  asked_us: number | null;
  replied_us: number | null;
  reply_user_id: string | null;
  team_id: string | null;
  /** Unanswered events of this type and source (rows without an inbound id). */
  n: number;
}

/**
 * The answered pairs only, with the unanswered ones counted in SQL: business-hours figures need a
 * clock per answered pair, while an unanswered one only counts, so it need not travel to Node.
 * Teams are the responding users' current teams.
 */
export function listAnsweredPairs(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters' | 'visible'>,
  period: Period,
  windowMinutes: number,
): Promise<{ answered: ResponsePair[]; unanswered: UnansweredCounts }> {
  return oncePerRequest('answered', scope, params, period, windowMinutes, async () => {
    const rows = await queryReplica<Row>(scope, async (p) => {
      const pairs = await responsePairsSql(scope, params, period, windowMinutes, p, true);
      return `with pairs as materialized (${pairs})
        select x.inbound_id::varchar as inbound_id, x.event_type, x.event_source, x.asked_us, x.replied_us,
          x.reply_user_id::varchar as reply_user_id, u.team_id::varchar as team_id, 1 as n
        from pairs x left join users u on u.company_id = ${p.uuid(scope.companyId)} and u.id = x.reply_user_id
        where x.replied_us is not null
        union all
        select null, event_type, event_source, null, null, null, null, count(*)
        from pairs where replied_us is null group by event_type, event_source`;
    });
    const answered: ResponsePair[] = [];
    const unanswered: UnansweredCounts = { overall: 0, byType: new Map(), bySource: new Map() };
    const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    for (const r of rows) {
      if (r.inbound_id === null || r.asked_us === null || r.replied_us === null) {
        unanswered.overall += Number(r.n);
        add(unanswered.byType, r.event_type, Number(r.n));
        add(unanswered.bySource, r.event_source, Number(r.n));
        continue;
      }
      answered.push({
        inboundId: r.inbound_id,
        type: r.event_type,
        source: r.event_source,
        askedAt: new Date(Math.floor(r.asked_us / US_PER_MS)),
        repliedAt: new Date(Math.floor(r.replied_us / US_PER_MS)),
        replyUserId: r.reply_user_id,
        replyTeamId: r.team_id,
      });
    }
    return { answered, unanswered };
  });
}
