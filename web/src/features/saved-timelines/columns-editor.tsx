/** Ordered visible columns with widths: toggle a field, move it up or down, set its width. */
import type { Event } from '../../api/types.js';
import { COLUMN_LABELS } from './column-cells.js';
import type { Column } from './types.js';

const FIELDS = Object.keys(COLUMN_LABELS) as Array<keyof Event>;

export function ColumnsEditor({ value, onChange }: { value: Column[]; onChange: (next: Column[]) => void }) {
  const move = (i: number, by: number) => {
    const next = [...value];
    const [c] = next.splice(i, 1);
    if (c) next.splice(i + by, 0, c);
    onChange(next);
  };
  const hidden = FIELDS.filter((f) => !value.some((c) => c.field === f));
  return (
    <fieldset className="tl-field tl-columns">
      <legend className="tl-legend">Columns (in order)</legend>
      <ol>
        {value.map((c, i) => (
          <li key={c.field}>
            <span style={{ flex: 1 }}>{COLUMN_LABELS[c.field as keyof Event] ?? c.field}</span>
            <label className="sr-only" htmlFor={`w-${c.field}`}>
              Width of {c.field} in pixels
            </label>
            <input
              id={`w-${c.field}`}
              className="input"
              type="number"
              min={40}
              max={2000}
              value={c.width}
              onChange={(e) =>
                onChange(
                  value.map((x) => (x.field === c.field ? { ...x, width: Number(e.target.value) } : x)),
                )
              }
            />
            <button
              type="button"
              className="btn btn-icon"
              aria-label={`Move ${c.field} up`}
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="btn btn-icon"
              aria-label={`Move ${c.field} down`}
              disabled={i === value.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="btn btn-icon"
              aria-label={`Hide ${c.field}`}
              disabled={value.length === 1}
              onClick={() => onChange(value.filter((x) => x.field !== c.field))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      {hidden.length > 0 && (
        <label className="tl-field">
          <span>Add a column</span>
          <select
            className="input"
            value=""
            onChange={(e) =>
              e.target.value && onChange([...value, { field: e.target.value as Column['field'], width: 140 }])
            }
          >
            <option value="">Choose a field…</option>
            {hidden.map((f) => (
              <option key={f} value={f}>
                {COLUMN_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  );
}
