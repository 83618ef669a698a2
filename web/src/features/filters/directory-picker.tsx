/**
 * A type-ahead picker for a customer, user or team filter: the server searches the directory as one
 * types (GET /directory/search), so 500 customers never load into a dropdown. An ARIA combobox:
 * arrows move through the options (aria-activedescendant), Enter picks, Escape clears.
 */
import { useId, useState } from 'react';
import type { SearchKind } from '../../../../src/directory/search.js';
import { type DirectoryHit, useDirectorySearchQuery } from '../../api/useDirectorySearchQuery.js';

interface Props {
  label: string;
  kind: SearchKind;
  onPick: (hit: DirectoryHit) => void;
}

export function DirectoryPicker({ label, kind, onPick }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const search = useDirectorySearchQuery(text, [kind], 10);
  const hits = text.trim() ? (search.data?.items ?? []) : [];
  const open = hits.length > 0;
  const pick = (hit: DirectoryHit | undefined) => {
    if (!hit) return;
    onPick(hit);
    setText('');
    setActive(0);
  };
  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-activedescendant={open ? `${id}-${active}` : undefined}
        autoComplete="off"
        placeholder={`Type a ${label.toLowerCase()}’s name…`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((a) => (hits.length ? (a + step + hits.length) % hits.length : 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(hits[active]);
          } else if (e.key === 'Escape' && text) {
            e.stopPropagation();
            setText('');
          }
        }}
      />
      <div
        id={`${id}-list`}
        role="listbox"
        aria-label={`${label} suggestions`}
        className="picker-list"
        hidden={!open}
      >
        {hits.map((h, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys
          <div
            tabIndex={-1}
            key={h.id}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(h)}
          >
            {h.name}
            {h.detail ? <small className="muted"> · {h.detail}</small> : null}
          </div>
        ))}
      </div>
      {text.trim() && search.isSuccess && !search.isPlaceholderData && hits.length === 0 && (
        <small className="muted">
          No {label.toLowerCase()} matches “{text.trim()}”.
        </small>
      )}
    </div>
  );
}
