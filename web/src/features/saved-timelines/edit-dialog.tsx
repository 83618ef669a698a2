/** Edit a timeline: name, colours, columns, sources, date range, live updates, view, notifications. */
import { useState } from 'react';
import {
  EVENT_SOURCES,
  EVENT_TYPE_META,
  EVENT_TYPES,
  PRIORITIES,
  SENTIMENTS,
} from '../../../../src/events/catalogue.js';
import { RELATIVE_RANGES } from '../../../../src/timelines/catalogue.js';
import { FormDialog } from '../../components/dialog.js';
import { humanize } from '../filters/filter-options.js';
import { useUpdateTimeline } from './api.js';
import { ColumnsEditor } from './columns-editor.js';
import { RANGE_LABELS } from './filter-mapping.js';
import { SaveError } from './save-error.js';
import type { Timeline } from './types.js';

type Colors = Timeline['color_scheme'];
const toggle = <T,>(list: readonly T[], item: T, on: boolean) =>
  on ? [...list, item] : list.filter((x) => x !== item);
const localInput = (iso?: string) => (iso ? iso.slice(0, 16) : '');
const fromLocal = (v: string) => (v ? new Date(`${v}Z`).toISOString() : undefined);

export function EditDialog({ timeline, onClose }: { timeline: Timeline; onClose: () => void }) {
  const [draft, setDraft] = useState(timeline);
  const set = <K extends keyof Timeline>(key: K, value: Timeline[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const update = useUpdateTimeline();
  const range = draft.date_range_default;
  const rangeMode = range.relative ?? (range.from || range.to ? 'absolute' : 'all');
  const prefs = draft.notification_preferences;

  const submit = () => {
    const colors = Object.fromEntries(
      Object.entries(draft.color_scheme).filter(
        ([t, c]) => c && c.toLowerCase() !== EVENT_TYPE_META[t as keyof typeof EVENT_TYPE_META]?.color,
      ),
    ) as Colors;
    update.mutate(
      {
        timeline,
        patch: {
          timeline_name: draft.timeline_name,
          color_scheme: colors,
          column_configuration: draft.column_configuration,
          activity_sources: draft.activity_sources,
          date_range_default: draft.date_range_default,
          real_time_updates: draft.real_time_updates,
          view_preferences: draft.view_preferences,
          notification_preferences: draft.notification_preferences,
        },
      },
      { onSuccess: onClose },
    );
  };

  return (
    <FormDialog
      title={`Edit “${timeline.timeline_name}”`}
      onClose={onClose}
      onSubmit={submit}
      actions={
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          Save changes
        </button>
      }
    >
      <label className="tl-field">
        <span>Name</span>
        <input
          className="input"
          required
          maxLength={200}
          value={draft.timeline_name}
          onChange={(e) => set('timeline_name', e.target.value)}
        />
      </label>
      <label className="tl-field">
        <span>Default date range</span>
        <select
          className="input"
          value={rangeMode}
          onChange={(e) => {
            const v = e.target.value;
            set(
              'date_range_default',
              v === 'all'
                ? {}
                : v === 'absolute'
                  ? { from: new Date(Date.now() - 30 * 864e5).toISOString() }
                  : { relative: v as (typeof RELATIVE_RANGES)[number] },
            );
          }}
        >
          <option value="all">All time</option>
          {RELATIVE_RANGES.map((r) => (
            <option key={r} value={r}>
              {RANGE_LABELS[r]}
            </option>
          ))}
          <option value="absolute">Fixed dates…</option>
        </select>
      </label>
      {rangeMode === 'absolute' && (
        <div className="tl-grid">
          <label className="tl-field">
            <span>From (UTC)</span>
            <input
              className="input"
              type="datetime-local"
              value={localInput(range.from)}
              onChange={(e) => set('date_range_default', { ...range, from: fromLocal(e.target.value) })}
            />
          </label>
          <label className="tl-field">
            <span>To (UTC)</span>
            <input
              className="input"
              type="datetime-local"
              value={localInput(range.to)}
              onChange={(e) => set('date_range_default', { ...range, to: fromLocal(e.target.value) })}
            />
          </label>
        </div>
      )}
      <fieldset className="tl-field">
        <legend className="tl-legend">Sources included (none ticked: all)</legend>
        <div className="tl-grid">
          {EVENT_SOURCES.map((s) => (
            <label key={s} className="tl-check">
              <input
                type="checkbox"
                checked={draft.activity_sources.includes(s)}
                onChange={(e) => set('activity_sources', toggle(draft.activity_sources, s, e.target.checked))}
              />
              {humanize(s)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="tl-field tl-colors">
        <legend className="tl-legend">Colours</legend>
        <div className="tl-grid">
          {EVENT_TYPES.map((t) => (
            <label key={t}>
              <input
                type="color"
                value={draft.color_scheme[t] ?? EVENT_TYPE_META[t].color}
                onChange={(e) =>
                  set('color_scheme', { ...draft.color_scheme, [t]: e.target.value } as Colors)
                }
              />
              {EVENT_TYPE_META[t].label}
            </label>
          ))}
        </div>
      </fieldset>
      <ColumnsEditor value={draft.column_configuration} onChange={(v) => set('column_configuration', v)} />
      <div className="tl-grid">
        {(['density', 'grouping', 'sort_order'] as const).map((key) => (
          <label key={key} className="tl-field">
            <span>{humanize(key)}</span>
            <select
              className="input"
              value={draft.view_preferences[key]}
              onChange={(e) => set('view_preferences', { ...draft.view_preferences, [key]: e.target.value })}
            >
              {{
                density: ['compact', 'comfortable', 'spacious'],
                grouping: ['day', 'week', 'none'],
                sort_order: ['desc', 'asc'],
              }[key].map((o) => (
                <option key={o} value={o}>
                  {o === 'desc' ? 'Newest first' : o === 'asc' ? 'Oldest first' : humanize(o)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <label className="tl-check">
        <input
          type="checkbox"
          checked={draft.real_time_updates}
          onChange={(e) => set('real_time_updates', e.target.checked)}
        />
        Live updates
      </label>
      <fieldset className="tl-field">
        <legend className="tl-legend">Notify me of new events with priority or sentiment</legend>
        <div className="tl-grid">
          {PRIORITIES.map((p) => (
            <label key={p} className="tl-check">
              <input
                type="checkbox"
                checked={prefs.priorities?.includes(p) ?? false}
                onChange={(e) =>
                  set('notification_preferences', {
                    ...prefs,
                    priorities: toggle(prefs.priorities ?? [], p, e.target.checked),
                  })
                }
              />
              {humanize(p)} priority
            </label>
          ))}
          {SENTIMENTS.map((s) => (
            <label key={s} className="tl-check">
              <input
                type="checkbox"
                checked={prefs.sentiments?.includes(s) ?? false}
                onChange={(e) =>
                  set('notification_preferences', {
                    ...prefs,
                    sentiments: toggle(prefs.sentiments ?? [], s, e.target.checked),
                  })
                }
              />
              {humanize(s)} sentiment
            </label>
          ))}
        </div>
      </fieldset>
      <SaveError error={update.error} />
    </FormDialog>
  );
}
