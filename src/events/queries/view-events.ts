/**
 * The events of a timeline view, as conditions on crm_activity_events (aliased `e`): the filters,
 * the viewer's visible events and, for the unanswered queue, unanswered.ts's condition. The list,
 * the histogram and the exports (page reads and the job's row count) all narrow by this one
 * function, so the overview strip and a file show the same events as the list they sit beside.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/types.js';
import type { ReadScope } from '../../visibility/policy.js';
import { whereVisible } from '../../visibility/sql-filter.js';
import type { TimelineFilters } from '../filters.js';
import { applyEventFilters } from './filter-events.js';
import { unansweredInbound } from './unanswered.js';

type EventsQuery<O> = SelectQueryBuilder<Database & { e: Database['crm_activity_events'] }, 'e', O>;

export interface EventsViewScope {
  filters: TimelineFilters;
  /** The viewer's visible events and reader: required, so no read happens without deciding. */
  visible: ReadScope;
  /** Only inbound events without a reply (the viewer sees) within this many days (unanswered.ts). */
  unansweredWithinDays?: number;
}

/** Adds the company, not-deleted, filter, visibility and (when asked) unanswered conditions. */
export function whereInView<O>(qb: EventsQuery<O>, companyId: string, view: EventsViewScope): EventsQuery<O> {
  const q = whereVisible(
    applyEventFilters(qb, companyId, view.filters),
    companyId,
    view.visible,
    view.filters,
  );
  const days = view.unansweredWithinDays;
  return days === undefined ? q : q.where((eb) => unansweredInbound(eb, companyId, view.visible, days));
}
