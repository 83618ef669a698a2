/** The timeline's Export menu: CSV, Excel or PDF of the current filters (and the open saved timeline's columns). */
import { exportColumnsOf } from '../../../../src/exports/event-columns.js';
import type { ListQuery } from '../../api/useEventsQuery.js';
import { useTimelineScope } from '../saved-timelines/timeline-scope.js';
import { ExportMenu } from './export-menu.js';

const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** `filters`: the list's query, so the file holds the rows the list shows (the unanswered queue's too). */
export function TimelineExport({ filters }: { filters: ListQuery }) {
  const { timelineId, timeline } = useTimelineScope();
  const columns = timeline ? exportColumnsOf(timeline.column_configuration.map((c) => c.field)) : [];
  const query = {
    ...filters,
    tz: filters.tz ?? TZ,
    timeline: timelineId,
    columns: columns.length ? columns : undefined,
  };
  const path = '/events/export';
  return (
    <ExportMenu
      choices={[
        { label: 'CSV', path, query: { ...query, format: 'csv', bom: true } },
        { label: 'Excel', path, query: { ...query, format: 'xlsx' } },
        { label: 'PDF', path, query: { ...query, format: 'pdf' } },
      ]}
    />
  );
}
