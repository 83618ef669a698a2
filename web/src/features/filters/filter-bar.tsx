/**
 * The timeline filter bar: search (activity text, with customers and people suggested as one
 * types), the date range and zone, a "Filters" dialog with every filter, and removable chips. All
 * page state is in the URL (useUrlFilters).
 */
import { type ComponentProps, useEffect, useId, useRef, useState } from 'react';
import { type DirectoryHit, useDirectorySearchQuery } from '../../api/useDirectorySearchQuery.js';
import { Icon } from '../../components/icon.js';
import { ActiveChips } from './active-chips.js';
import { FilterSheet } from './filter-sheet.js';
import { RangeSelect } from './range-select.js';
import { countFilters, type Filters } from './url-filters.js';

interface Props {
  filters: Filters;
  onChange: (next: Filters, options?: { replace?: boolean }) => void;
  range: ComponentProps<typeof RangeSelect>;
  timeline?: ComponentProps<typeof ActiveChips>['timeline'];
}

export function FilterBar({ filters, onChange, range, timeline }: Props) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const n = countFilters({ ...filters, q: undefined, from: undefined, to: undefined });
  return (
    <section className="filterbar" aria-label="Timeline filters">
      <div className="filterbar-row">
        <SearchBox filters={filters} onChange={onChange} />
        <RangeSelect {...range} />
        <button
          ref={opener}
          type="button"
          className="btn"
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => setOpen(true)}
        >
          <Icon name="filter" />
          Filters{n ? ` (${n})` : ''}
        </button>
      </div>
      <ActiveChips filters={filters} onChange={onChange} timeline={timeline} />
      {open && (
        <FilterSheet filters={filters} onChange={onChange} onClose={() => setOpen(false)} opener={opener} />
      )}
    </section>
  );
}

/**
 * Text typed here searches activity titles and descriptions (after a pause); customers and people
 * whose names match are offered below it, and picking one filters the list to them.
 */
function SearchBox({ filters, onChange }: Pick<Props, 'filters' | 'onChange'>) {
  const id = useId();
  const [q, setQ] = useState(filters.q ?? '');
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    if ((filters.q ?? '') === q) return;
    const t = setTimeout(() => onChange({ ...filters, q: q || undefined }, { replace: true }), 350);
    return () => clearTimeout(t);
  }, [q, filters, onChange]);
  const search = useDirectorySearchQuery(q, ['customer', 'user'], 4);
  const hits = focused && q.trim() ? (search.data?.items ?? []) : [];
  const open = hits.length > 0;
  const pick = (hit: DirectoryHit) => {
    const key = hit.kind === 'customer' ? 'customer_id' : 'user_id';
    const list = (filters[key] as string[] | undefined) ?? [];
    onChange({ ...filters, q: undefined, [key]: [...new Set([...list, hit.id])] });
    setQ('');
    setActive(-1);
  };
  return (
    <div className="search-box">
      <label htmlFor={id} className="sr-only">
        Search activities, customers and people
      </label>
      <input
        id={id}
        type="search"
        className="input search"
        placeholder="Search activities, customers, people…"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-activedescendant={open && active >= 0 ? `${id}-${active}` : undefined}
        autoComplete="off"
        value={q}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(-1);
        }}
        onKeyDown={(e) => {
          if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            // -1 is the text itself (Enter searches activities); 0… the suggestions.
            setActive((a) => {
              const next = a + step;
              return next < -1 ? hits.length - 1 : next >= hits.length ? -1 : next;
            });
          } else if (e.key === 'Enter') {
            const hit = hits[active];
            if (hit) pick(hit);
            else onChange({ ...filters, q: q || undefined }, { replace: true });
          } else if (e.key === 'Escape') setFocused(false);
        }}
      />
      <div
        id={`${id}-list`}
        role="listbox"
        aria-label="Matching customers and people"
        className="picker-list"
        hidden={!open}
      >
        {hits.map((h, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys
          <div
            tabIndex={-1}
            key={`${h.kind}:${h.id}`}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(h)}
          >
            <span className="picker-kind">{h.kind === 'customer' ? 'Customer' : 'Person'}</span> {h.name}
            {h.detail ? <small className="muted"> · {h.detail}</small> : null}
          </div>
        ))}
      </div>
    </div>
  );
}
