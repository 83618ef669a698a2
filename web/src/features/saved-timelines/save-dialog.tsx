/** "Save": the page's current filters as a new timeline, or as a saved filter of the open one. */
import { useState } from 'react';
import { TIMELINE_TYPES, type TimelineType } from '../../../../src/timelines/catalogue.js';
import { FormDialog } from '../../components/dialog.js';
import { humanize } from '../filters/filter-options.js';
import type { Filters } from '../filters/url-filters.js';
import { useCreateTimeline, useUpdateTimeline } from './api.js';
import { savedFilterFrom, timelineConfigFrom } from './filter-mapping.js';
import { SaveError } from './save-error.js';
import type { Timeline } from './types.js';

interface Props {
  filters: Filters;
  current?: Timeline;
  onClose: () => void;
  onCreated: (timeline: Timeline) => void;
}

export function SaveDialog({ filters, current, onClose, onCreated }: Props) {
  const canAddFilter = !!current?.permissions.edit;
  const [mode, setMode] = useState<'timeline' | 'filter'>('timeline');
  const [name, setName] = useState('');
  const [type, setType] = useState<TimelineType>('personal');
  const [isPublic, setPublic] = useState(false);
  const create = useCreateTimeline();
  const update = useUpdateTimeline();
  const error = mode === 'timeline' ? create.error : update.error;

  const submit = () => {
    if (mode === 'timeline') {
      create.mutate(
        { timeline_name: name, timeline_type: type, is_public: isPublic, ...timelineConfigFrom(filters) },
        { onSuccess: (t) => onCreated(t) },
      );
    } else if (current) {
      const saved = [...current.saved_filters, { name, filters: savedFilterFrom(filters) }];
      update.mutate({ timeline: current, patch: { saved_filters: saved } }, { onSuccess: onClose });
    }
  };

  return (
    <FormDialog
      title="Save current view"
      onClose={onClose}
      onSubmit={submit}
      actions={
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!name.trim() || create.isPending || update.isPending}
        >
          Save
        </button>
      }
    >
      {canAddFilter && (
        <fieldset className="tl-field">
          <legend className="tl-legend">Save as</legend>
          <label className="tl-check">
            <input
              type="radio"
              name="mode"
              checked={mode === 'timeline'}
              onChange={() => setMode('timeline')}
            />
            A new timeline
          </label>
          <label className="tl-check">
            <input type="radio" name="mode" checked={mode === 'filter'} onChange={() => setMode('filter')} />A
            saved filter of “{current?.timeline_name}”
          </label>
        </fieldset>
      )}
      <label className="tl-field">
        <span>Name</span>
        <input
          className="input"
          required
          maxLength={mode === 'timeline' ? 200 : 100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      {mode === 'timeline' && (
        <>
          <label className="tl-field">
            <span>Kind of timeline</span>
            <select className="input" value={type} onChange={(e) => setType(e.target.value as TimelineType)}>
              {TIMELINE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {humanize(t)}
                </option>
              ))}
            </select>
          </label>
          <label className="tl-check">
            <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} />
            Public: everyone in the company can open it (read-only)
          </label>
          <p className="muted">The filters and date range you see now become the timeline's defaults.</p>
          {filters.unanswered && (
            <p className="muted" data-testid="save-unanswered">
              Unanswered inbound only: the timeline keeps to inbound events with no reply yet. Its live
              updates reload the list, since a reply can answer an event at any time.
            </p>
          )}
        </>
      )}
      <SaveError error={error} />
    </FormDialog>
  );
}
