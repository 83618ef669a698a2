/**
 * Above the filter bar: the timeline picker (mine / shared with me / public), its saved filters,
 * and Save, Edit, Share, Duplicate, Delete as the user's permissions allow.
 */
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Filters } from '../filters/url-filters.js';
import { useDisplayZone } from '../timeline-view/display-zone.js';
import { useDeleteTimeline, useDuplicateTimeline, useTimelinesQuery } from './api.js';
import { EditDialog } from './edit-dialog.js';
import { filtersOfSaved, RANGE_LABELS } from './filter-mapping.js';
import { NotificationToasts } from './notification-toasts.js';
import { SaveDialog } from './save-dialog.js';
import { ShareDialog } from './share-dialog.js';
import { useTimelineScope } from './timeline-scope.js';
import type { Timeline } from './types.js';
import './timelines.css';

const GROUPS = [
  ['mine', 'My timelines'],
  ['shared', 'Shared with me'],
  ['public', 'Public in my company'],
] as const;

interface Props {
  filters: Filters;
  onFiltersChange: (next: Filters) => void;
}

export function TimelineToolbar({ filters, onFiltersChange }: Props) {
  const { timelineId, timeline } = useTimelineScope();
  const [, setParams] = useSearchParams();
  const list = useTimelinesQuery();
  const [dialog, setDialog] = useState<'save' | 'edit' | 'share' | null>(null);
  const duplicate = useDuplicateTimeline();
  const remove = useDeleteTimeline();
  const pickerId = useId();
  const { date } = useDisplayZone();
  const savedId = useId();
  // Opening a timeline starts from its own filters: the page's filters are cleared. "All activity"
  // is `range=all`, so a role's landing on its default timeline (a bare /timeline) does not apply.
  const open = (id?: string) =>
    setParams(id ? new URLSearchParams({ timeline: id }) : new URLSearchParams({ range: 'all' }));
  const items = list.data?.items ?? [];

  return (
    <div className="tl-toolbar" role="toolbar" aria-label="Saved timelines">
      <label htmlFor={pickerId} className="sr-only">
        Saved timeline
      </label>
      <select
        id={pickerId}
        className="input"
        value={timelineId ?? ''}
        onChange={(e) => open(e.target.value || undefined)}
      >
        <option value="">All activity</option>
        {GROUPS.map(([relation, label]) => {
          const group = items.filter((t) => t.relation === relation);
          return group.length ? (
            <optgroup key={relation} label={label}>
              {group.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.timeline_name}
                  {t.is_default ? ' (default)' : ''}
                </option>
              ))}
            </optgroup>
          ) : null;
        })}
        {timeline && !items.some((t) => t.id === timeline.id) && (
          <option value={timeline.id}>{timeline.timeline_name}</option>
        )}
      </select>
      {timeline && timeline.saved_filters.length > 0 && (
        <>
          <label htmlFor={savedId} className="sr-only">
            Saved filter
          </label>
          <select
            id={savedId}
            className="input"
            value=""
            onChange={(e) => {
              const saved = timeline.saved_filters.find((s) => s.id === e.target.value);
              if (saved) onFiltersChange(filtersOfSaved(saved.filters));
            }}
          >
            <option value="">Saved filters…</option>
            {timeline.saved_filters.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </>
      )}
      {timeline && <AccessBadge timeline={timeline} />}
      {timeline && <span className="muted">Range: {rangeText(timeline.date_range_default, date)}</span>}
      <button type="button" className="btn" onClick={() => setDialog('save')}>
        Save…
      </button>
      {timeline?.permissions.edit && (
        <button type="button" className="btn" onClick={() => setDialog('edit')}>
          Edit…
        </button>
      )}
      {timeline?.permissions.manage && (
        <button type="button" className="btn" onClick={() => setDialog('share')}>
          Share…
        </button>
      )}
      {timeline && (
        <button
          type="button"
          className="btn"
          onClick={() => duplicate.mutate(timeline, { onSuccess: (t) => open(t.id) })}
        >
          Duplicate
        </button>
      )}
      {timeline?.permissions.manage && (
        <button
          type="button"
          className="btn"
          onClick={() => {
            if (window.confirm(`Delete “${timeline.timeline_name}”?`))
              remove.mutate(timeline, { onSuccess: () => open() });
          }}
        >
          Delete
        </button>
      )}
      {dialog === 'save' && (
        <SaveDialog
          filters={filters}
          current={timeline}
          onClose={() => setDialog(null)}
          onCreated={(t) => {
            // Closed on success: the URL now names the new timeline, and a second click would
            // save a duplicate.
            setDialog(null);
            open(t.id);
          }}
        />
      )}
      {dialog === 'edit' && timeline && <EditDialog timeline={timeline} onClose={() => setDialog(null)} />}
      {dialog === 'share' && timeline && <ShareDialog timeline={timeline} onClose={() => setDialog(null)} />}
      <NotificationToasts />
    </div>
  );
}

function AccessBadge({ timeline }: { timeline: Timeline }) {
  if (timeline.relation === 'mine')
    return timeline.is_public || timeline.shared_with_users.length ? (
      <span className="tl-badge">Shared</span>
    ) : null;
  if (timeline.permissions.edit) return <span className="tl-badge">Shared with you · can edit</span>;
  return (
    <span className="tl-badge">
      {timeline.relation === 'public' ? 'Public · read-only' : 'Shared with you · read-only'}
    </span>
  );
}

/** The timeline's own date window (the filter bar's range narrows it further). */
function rangeText(range: Timeline['date_range_default'], day: Intl.DateTimeFormat): string {
  if (range.relative) return RANGE_LABELS[range.relative];
  if (!range.from && !range.to) return 'all time';
  return `${range.from ? day.format(new Date(range.from)) : '…'} – ${range.to ? day.format(new Date(range.to)) : '…'}`;
}
