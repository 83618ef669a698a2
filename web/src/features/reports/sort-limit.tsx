/**
 * The report's row order and row limit: sort by any metric or dimension of the report, ascending or
 * descending; at most N rows (empty: the server's default of 1,000).
 */
import { useId, useState } from 'react';
import type { ReportDefinition } from '../../api/useReportsQuery.js';
import { labelOf } from './definition.js';

const MAX_LIMIT = 10_000;

export function SortAndLimit({
  d,
  onChange,
}: {
  d: ReportDefinition;
  onChange: (d: ReportDefinition) => void;
}) {
  const ids = { by: useId(), order: useId(), limit: useId() };
  const columns = [...d.dimensions, ...d.metrics];
  const by = d.sort && columns.includes(d.sort.by) ? d.sort.by : '';
  const order = d.sort?.order ?? 'desc';
  const [limitText, setLimitText] = useState<string | null>(null);
  const shownLimit = limitText ?? (d.limit ? String(d.limit) : '');
  const setSort = (nextBy: string, nextOrder: 'asc' | 'desc') => {
    const { sort: _, ...rest } = d;
    onChange(nextBy ? { ...rest, sort: { by: nextBy, order: nextOrder } } : rest);
  };
  const setLimit = (text: string) => {
    setLimitText(text);
    const n = Number(text);
    const { limit: _, ...rest } = d;
    // Only whole numbers the server accepts reach the definition; the field shows what was typed.
    if (text.trim() === '') onChange(rest);
    else if (Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT) onChange({ ...rest, limit: n });
  };
  const limitInvalid =
    limitText !== null &&
    limitText.trim() !== '' &&
    !(Number(limitText) >= 1 && Number(limitText) <= MAX_LIMIT && Number.isInteger(Number(limitText)));
  return (
    <section className="well sort-limit" aria-label="Sort and limit">
      <h3>Sort and limit</h3>
      <label htmlFor={ids.by}>Sort by</label>
      <select id={ids.by} className="input" value={by} onChange={(e) => setSort(e.target.value, order)}>
        <option value="">Default order</option>
        {columns.map((c) => (
          <option key={c} value={c}>
            {labelOf(c)}
          </option>
        ))}
      </select>
      <label htmlFor={ids.order}>Order</label>
      <select
        id={ids.order}
        className="input"
        value={order}
        disabled={!by}
        onChange={(e) => setSort(by, e.target.value as 'asc' | 'desc')}
      >
        <option value="desc">Descending</option>
        <option value="asc">Ascending</option>
      </select>
      <label htmlFor={ids.limit}>Row limit</label>
      <input
        id={ids.limit}
        className="input"
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_LIMIT}
        placeholder="1000"
        value={shownLimit}
        aria-invalid={limitInvalid || undefined}
        aria-describedby={limitInvalid ? `${ids.limit}-error` : undefined}
        onChange={(e) => setLimit(e.target.value)}
        onBlur={() => setLimitText(null)}
      />
      {limitInvalid ? (
        <small id={`${ids.limit}-error`} role="alert">
          A whole number from 1 to {MAX_LIMIT.toLocaleString()}.
        </small>
      ) : null}
    </section>
  );
}
