/**
 * The timeline filter bar: search, date preset, a "Filters" panel (a bottom sheet on phones) with
 * every filter, and removable chips for what is set. All state is in the URL (useUrlFilters).
 */
import { useEffect, useId, useState } from 'react';
import {
  useCustomersQuery,
  useSegmentsQuery,
  useTeamsQuery,
  useUsersQuery,
} from '../../api/useDirectoryQuery.js';
import { Icon } from '../../components/icon.js';
import { ENUM_FILTERS, humanize } from './filter-options.js';
import { countFilters, type Filters, type ListKey, RANGE_PRESETS, WEEKDAY_NAMES } from './url-filters.js';

interface Props {
  filters: Filters;
  onChange: (next: Filters, options?: { replace?: boolean }) => void;
}

export function FilterBar({ filters, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState(filters.q ?? '');
  const searchId = useId();
  const rangeId = useId();
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    if ((filters.q ?? '') === q) return;
    const t = setTimeout(() => onChange({ ...filters, q: q || undefined }, { replace: true }), 350);
    return () => clearTimeout(t);
  }, [q, filters, onChange]);
  const n = countFilters({ ...filters, q: undefined, from: undefined, to: undefined });

  return (
    <section className="filterbar" aria-label="Timeline filters">
      <div className="filterbar-row">
        <label htmlFor={searchId} className="sr-only">
          Search titles and descriptions
        </label>
        <input
          id={searchId}
          type="search"
          className="input search"
          placeholder="Search activities…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <label htmlFor={rangeId} className="sr-only">
          Date range
        </label>
        <select
          id={rangeId}
          className="input"
          value={filters.from || filters.to ? 'custom' : (filters.range ?? 'all')}
          onChange={(e) => onChange({ ...filters, range: e.target.value, from: undefined, to: undefined })}
        >
          {(filters.from || filters.to) && <option value="custom">Custom range (zoomed)</option>}
          {RANGE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn"
          aria-expanded={open}
          aria-controls="filter-panel"
          onClick={() => setOpen(!open)}
        >
          <Icon name="filter" />
          Filters{n ? ` (${n})` : ''}
        </button>
      </div>
      <ActiveChips filters={filters} onChange={onChange} />
      {open && <FilterPanel filters={filters} onChange={onChange} onClose={() => setOpen(false)} />}
    </section>
  );
}

function toggle(list: string[] | undefined, value: string): string[] {
  const set = new Set(list ?? []);
  if (set.has(value)) set.delete(value);
  else set.add(value);
  return [...set];
}

function FilterPanel({ filters, onChange, onClose }: Props & { onClose: () => void }) {
  const segments = useSegmentsQuery();
  const users = useUsersQuery();
  const teams = useTeamsQuery();
  const customers = useCustomersQuery();
  const get = (k: ListKey) => (filters[k] as string[] | undefined) ?? [];
  const add = (k: ListKey, v: string) => v && onChange({ ...filters, [k]: [...new Set([...get(k), v])] });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <>
      <button
        type="button"
        className="sheet-backdrop"
        aria-label="Close filters"
        onClick={onClose}
        tabIndex={-1}
      />
      <section id="filter-panel" className="filter-panel" aria-label="All filters">
        <div className="sheet-head">
          <h2>Filters</h2>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Done
          </button>
        </div>
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
          <PickOne label="User" items={users.data?.items} onPick={(v) => add('user_id', v)} />
          <PickOne label="Team" items={teams.data?.items} onPick={(v) => add('team_id', v)} />
          <PickOne label="Customer" items={customers.data?.items} onPick={(v) => add('customer_id', v)} />
          <TextFilter
            label="Participant (email or id)"
            value={filters.participant}
            onCommit={(v) => onChange({ ...filters, participant: v || undefined })}
          />
          <DateFilter label="From" value={filters.from} onCommit={(v) => onChange({ ...filters, from: v })} />
          <DateFilter label="To" value={filters.to} onCommit={(v) => onChange({ ...filters, to: v })} />
        </div>
        <div className="sheet-foot">
          <button type="button" className="btn btn-ghost" onClick={() => onChange({ range: filters.range })}>
            Clear all
          </button>
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Show results
          </button>
        </div>
      </section>
    </>
  );
}

function PickOne({
  label,
  items,
  onPick,
}: {
  label: string;
  items: Array<{ id: string; name: string }> | undefined;
  onPick: (id: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input" value="" onChange={(e) => onPick(e.target.value)}>
        <option value="">Add a {label.toLowerCase()}…</option>
        {(items ?? []).map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </select>
    </div>
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

function DateFilter({
  label,
  value,
  onCommit,
}: {
  label: string;
  value?: string;
  onCommit: (v?: string) => void;
}) {
  const id = useId();
  const local = value ? toLocalInput(value) : '';
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        className="input"
        value={local}
        onChange={(e) => onCommit(e.target.value ? new Date(e.target.value).toISOString() : undefined)}
      />
    </div>
  );
}

function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ActiveChips({ filters, onChange }: Props) {
  const users = useUsersQuery();
  const teams = useTeamsQuery();
  const customers = useCustomersQuery();
  const nameOf = (k: string, v: string) => {
    const list =
      k === 'user_id' ? users.data?.items : k === 'team_id' ? teams.data?.items : customers.data?.items;
    return list?.find((x) => x.id === v)?.name ?? `${v.slice(0, 8)}…`;
  };
  const chips: Array<{ key: string; text: string; remove: () => void }> = [];
  for (const [k, v] of Object.entries(filters)) {
    if (k === 'range' || k === 'q') continue;
    if (k === 'weekday' || k === 'hour') {
      for (const item of v as number[]) {
        const text = k === 'weekday' ? (WEEKDAY_NAMES[item - 1] ?? String(item)) : `${item}:00–${item}:59`;
        const zone = filters.tz ? ` (${filters.tz})` : '';
        chips.push({
          key: `${k}:${item}`,
          text: `${k === 'weekday' ? 'Weekday' : 'Hour'}: ${text}${zone}`,
          remove: () => onChange({ ...filters, [k]: (v as number[]).filter((x) => x !== item) }),
        });
      }
    } else if (k === 'tz') {
      // The zone of weekday/hour: shown in their chips, not a filter of its own.
    } else if (Array.isArray(v)) {
      for (const item of v as string[]) {
        const text = k.endsWith('_id') ? nameOf(k, item) : humanize(item);
        chips.push({
          key: `${k}:${item}`,
          text: `${humanize(k.replace('_id', ''))}: ${text}`,
          remove: () => onChange({ ...filters, [k]: (v as string[]).filter((x) => x !== item) }),
        });
      }
    } else if (v) {
      const text = k === 'from' || k === 'to' ? new Date(String(v)).toLocaleString() : String(v);
      chips.push({
        key: k,
        text: `${humanize(k)}: ${text}`,
        remove: () => onChange({ ...filters, [k]: undefined }),
      });
    }
  }
  if (!chips.length) return null;
  return (
    <ul className="chips" aria-label="Active filters">
      {chips.map((c) => (
        <li key={c.key}>
          <button type="button" className="chip" onClick={c.remove} aria-label={`Remove filter ${c.text}`}>
            {c.text} <Icon name="close" size={14} />
          </button>
        </li>
      ))}
    </ul>
  );
}
