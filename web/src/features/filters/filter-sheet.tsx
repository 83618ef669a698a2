/**
 * Every filter, in a modal dialog (a bottom sheet on phones): focus stays inside, Escape or a click
 * on the backdrop closes it, and focus returns to the button that opened it.
 */
import { type RefObject, useId, useState } from 'react';
import { useSegmentsQuery } from '../../api/useDirectoryQuery.js';
import { Dialog } from '../../components/dialog.js';
import { DirectoryPicker } from './directory-picker.js';
import { ENUM_FILTERS } from './filter-options.js';
import type { Filters, ListKey } from './url-filters.js';

interface Props {
  filters: Filters;
  onChange: (next: Filters, options?: { replace?: boolean }) => void;
  onClose: () => void;
  /** Gets focus back when the sheet closes. */
  opener: RefObject<HTMLElement | null>;
}

function toggle(list: string[] | undefined, value: string): string[] {
  const set = new Set(list ?? []);
  if (set.has(value)) set.delete(value);
  else set.add(value);
  return [...set];
}

export function FilterSheet({ filters, onChange, onClose, opener }: Props) {
  const segments = useSegmentsQuery();
  const get = (k: ListKey) => (filters[k] as string[] | undefined) ?? [];
  const add = (k: ListKey, v: string) => onChange({ ...filters, [k]: [...new Set([...get(k), v])] });
  return (
    <Dialog
      title="Filters"
      id="filter-panel"
      className="filter-panel"
      onClose={onClose}
      opener={opener}
      closeOnBackdrop
      headEnd={
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Done
        </button>
      }
    >
      <div className="filter-grid">
        {ENUM_FILTERS.map((f) => (
          <fieldset key={f.key} className="chip-group">
            <legend>{f.label}</legend>
            {f.options.map((o) => (
              <label key={o.value} className="check-chip">
                <input
                  type="checkbox"
                  checked={get(f.key).includes(o.value)}
                  onChange={() => onChange({ ...filters, [f.key]: toggle(get(f.key), o.value) })}
                />
                {o.label}
              </label>
            ))}
          </fieldset>
        ))}
        <fieldset className="chip-group">
          <legend>Segment</legend>
          {(segments.data?.items ?? []).map((s) => (
            <label key={s} className="check-chip">
              <input
                type="checkbox"
                checked={get('segment').includes(s)}
                onChange={() => onChange({ ...filters, segment: toggle(get('segment'), s) })}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <DirectoryPicker label="Customer" kind="customer" onPick={(h) => add('customer_id', h.id)} />
        <DirectoryPicker label="User" kind="user" onPick={(h) => add('user_id', h.id)} />
        <DirectoryPicker label="Team" kind="team" onPick={(h) => add('team_id', h.id)} />
        <TextFilter
          label="Participant (email or id)"
          value={filters.participant}
          onCommit={(v) => onChange({ ...filters, participant: v || undefined })}
        />
      </div>
      <div className="sheet-foot">
        <button type="button" className="btn btn-ghost" onClick={() => onChange({ range: filters.range })}>
          Clear all
        </button>
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Show results
        </button>
      </div>
    </Dialog>
  );
}

function TextFilter({
  label,
  value,
  onCommit,
}: {
  label: string;
  value?: string;
  onCommit: (v: string) => void;
}) {
  const id = useId();
  const [v, setV] = useState(value ?? '');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        value={v}
        onChange={(e) => setV(e.target.value)}
        onBlur={() => onCommit(v.trim())}
        onKeyDown={(e) => e.key === 'Enter' && onCommit(v.trim())}
      />
    </div>
  );
}
